package com.theeye.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Lambda entry point for the data team's GET routes: decodes the proxy event (payload 2.0 or 1.0),
 * lets {@link QueryService} answer, writes the proxy response and one log line.
 */
public final class QueryHandler implements RequestStreamHandler {

  private final QueryService service;

  /** Called by Lambda once per execution environment: config, client and executor built here. */
  public QueryHandler() {
    this(fromEnvironment(System.getenv()));
  }

  public QueryHandler(QueryService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    long started = System.nanoTime();
    QueryOutcome outcome = service.handle(ApiGatewayEvents.decode(input));
    ApiGatewayEvents.encode(outcome.response(), output);
    context.getLogger().log(QueryLog.line(outcome, System.nanoTime() - started));
  }

  private static QueryService fromEnvironment(Map<String, String> env) {
    return QueryService.create(
        QueryConfig.fromEnv(env), AwsClients.fromEnvironment(env).dynamoDb());
  }
}
