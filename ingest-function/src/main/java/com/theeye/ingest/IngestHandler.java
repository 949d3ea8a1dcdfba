package com.theeye.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point behind API Gateway: decodes the proxy event (payload 2.0 or 1.0), lets {@link
 * IngestService} decide, writes the proxy response and one log line. A stream handler, so both
 * payload formats share one handler and no reflection-based event mapping runs on the cold-start
 * path.
 */
public final class IngestHandler implements RequestStreamHandler {

  private final IngestService service;

  /**
   * Called by Lambda once per execution environment: configuration is read and clients built here,
   * once.
   */
  public IngestHandler() {
    this(fromEnvironment(System.getenv()));
  }

  public IngestHandler(IngestService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    long started = System.nanoTime();
    IngestOutcome outcome = service.handle(ApiGatewayEvents.decode(input));
    ApiGatewayEvents.encode(outcome.response(), output);
    context.getLogger().log(RequestLog.line(outcome, System.nanoTime() - started));
  }

  private static IngestService fromEnvironment(Map<String, String> env) {
    IngestConfig config = IngestConfig.fromEnv(env);
    AwsClients clients = AwsClients.fromEnvironment(env);
    return IngestService.create(config, clients.sqs(), clients.dynamoDb(), Clock.systemUTC());
  }
}
