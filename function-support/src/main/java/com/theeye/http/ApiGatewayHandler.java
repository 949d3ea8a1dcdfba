package com.theeye.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.log.LambdaLog;
import com.theeye.metrics.MetricLine;
import com.theeye.snapstart.SnapStartHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shape of every function behind API Gateway: decode the proxy event (payload 2.0 or 1.0), let
 * a plain service answer, write the proxy response and one {@link RequestLog} line (and, when the
 * request counts for something, one {@link MetricLine}). A stream handler, so both payload formats
 * share one handler and no reflection-based event mapping runs on the cold-start path. Subclasses
 * only wire their service and its {@link ApiPriming}, which runs through this same path before
 * SnapStart's snapshot. Every line an invocation logs carries its request id, cold start and trace
 * ({@link com.theeye.log.Invocation}), and the service knows when the invocation ends ({@link
 * RequestDeadline}).
 */
public abstract class ApiGatewayHandler extends SnapStartHandler implements RequestStreamHandler {

  private final String logMessage;
  private final Function<HttpRequest, ? extends HttpOutcome> service;
  private final ApiPriming priming;
  private final Optional<String> metricsNamespace;

  /**
   * A handler that publishes no metrics.
   *
   * @param logMessage the {@code message} of the request log line, e.g. {@code ingest request}
   * @param service answers each request
   * @param priming what to send through the request path before SnapStart's snapshot
   */
  protected ApiGatewayHandler(
      String logMessage, Function<HttpRequest, ? extends HttpOutcome> service, ApiPriming priming) {
    this(logMessage, service, priming, Optional.empty());
  }

  /**
   * @param metricsNamespace where the {@link MetricLine} of each request that counts for something
   *     ({@link HttpOutcome#count}) is published
   */
  protected ApiGatewayHandler(
      String logMessage,
      Function<HttpRequest, ? extends HttpOutcome> service,
      ApiPriming priming,
      Optional<String> metricsNamespace) {
    this.logMessage = logMessage;
    this.service = service;
    this.priming = priming;
    this.metricsNamespace = metricsNamespace;
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    invocation(context)
        .call(
            () ->
                RequestDeadline.within(
                    Duration.ofMillis(context.getRemainingTimeInMillis()),
                    Clock.systemUTC(),
                    () -> exchange(service, input, output, LambdaLog.to(context.getLogger()))));
  }

  /**
   * Sends each priming request through {@link #exchange}, the path every request takes, as the
   * payload 2.0 event API Gateway would send; the response and the log line are dropped.
   *
   * @throws IllegalStateException when a request does not get the status it must get
   */
  @Override
  protected final void prime() {
    for (int round = 0; round < priming.rounds(); round++) {
      for (ApiPriming.Exchange expected : priming.exchanges()) {
        HttpRequest request = expected.request();
        HttpOutcome outcome;
        try {
          outcome =
              exchange(
                  priming.service(),
                  new ByteArrayInputStream(ApiGatewayEvents.event(request)),
                  OutputStream.nullOutputStream(),
                  line -> {});
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        int status = outcome.response().status();
        if (status != expected.status()) {
          throw new IllegalStateException(
              "priming "
                  + request.method()
                  + " "
                  + request.path()
                  + " answered "
                  + status
                  + ", not "
                  + expected.status()
                  + ": "
                  + outcome.problem());
        }
      }
    }
  }

  private HttpOutcome exchange(
      Function<HttpRequest, ? extends HttpOutcome> service,
      InputStream input,
      OutputStream output,
      Consumer<String> log)
      throws IOException {
    long started = System.nanoTime();
    HttpOutcome outcome = service.apply(ApiGatewayEvents.decode(input));
    ApiGatewayEvents.encode(outcome.response(), output);
    log.accept(RequestLog.line(logMessage, outcome, System.nanoTime() - started));
    if (metricsNamespace.isPresent()) {
      MetricLine metrics =
          new MetricLine(metricsNamespace.get(), outcome.metricTime(Instant.now()));
      if (outcome.count(metrics)) {
        log.accept(metrics.json());
      }
    }
    return outcome;
  }
}
