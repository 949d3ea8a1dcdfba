package com.theeye.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.snapstart.SnapStartHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * The shape of every function behind API Gateway: decode the proxy event (payload 2.0 or 1.0), let
 * a plain service answer, write the proxy response and one {@link RequestLog} line. A stream
 * handler, so both payload formats share one handler and no reflection-based event mapping runs on
 * the cold-start path. Subclasses only wire their service and its priming.
 */
public abstract class ApiGatewayHandler extends SnapStartHandler implements RequestStreamHandler {

  private final String logMessage;
  private final Function<HttpRequest, ? extends HttpOutcome> service;
  private final Runnable priming;

  /**
   * @param logMessage the {@code message} of the request log line, e.g. {@code ingest request}
   * @param service answers each request
   * @param priming runs before SnapStart's snapshot
   */
  protected ApiGatewayHandler(
      String logMessage, Function<HttpRequest, ? extends HttpOutcome> service, Runnable priming) {
    this.logMessage = logMessage;
    this.service = service;
    this.priming = priming;
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    long started = System.nanoTime();
    HttpOutcome outcome = service.apply(ApiGatewayEvents.decode(input));
    ApiGatewayEvents.encode(outcome.response(), output);
    context.getLogger().log(RequestLog.line(logMessage, outcome, System.nanoTime() - started));
  }

  @Override
  protected final void prime() {
    priming.run();
  }
}
