package com.theeye.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayEvents;
import com.theeye.http.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point behind API Gateway: decodes the proxy event (payload 2.0 or 1.0), lets {@link
 * IngestService} decide, writes the proxy response and one log line. A stream handler, so both
 * payload formats share one handler and no reflection-based event mapping runs on the cold-start
 * path. Registered for SnapStart's runtime hooks: {@link IngestPriming} runs before the snapshot.
 */
public final class IngestHandler implements RequestStreamHandler, Resource {

  private final IngestService service;
  private final IngestPriming priming;

  /**
   * Called by Lambda once per execution environment: configuration is read and clients built here,
   * once.
   */
  public IngestHandler() {
    this(fromEnvironment(System.getenv()));
    // The global context keeps only a weak reference; Lambda keeps this handler for the
    // environment's life.
    Core.getGlobalContext().register(this);
  }

  public IngestHandler(IngestService service) {
    this.service = service;
    this.priming = new IngestPriming(service);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    long started = System.nanoTime();
    IngestOutcome outcome = service.handle(ApiGatewayEvents.decode(input));
    ApiGatewayEvents.encode(outcome.response(), output);
    context
        .getLogger()
        .log(RequestLog.line("ingest request", outcome, System.nanoTime() - started));
  }

  /** Before SnapStart's snapshot: exercise the request path so restored environments start warm. */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    priming.prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to renew: the SDK clients reconnect, credentials come from the environment.
  }

  private static IngestService fromEnvironment(Map<String, String> env) {
    IngestConfig config = IngestConfig.fromEnv(env);
    AwsClients clients = AwsClients.fromEnvironment(env);
    return IngestService.create(
        config, clients.build(SqsClient.builder()), clients.dynamoDb(), Clock.systemUTC());
  }
}
