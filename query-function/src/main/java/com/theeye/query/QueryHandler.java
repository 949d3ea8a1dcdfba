package com.theeye.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayEvents;
import com.theeye.http.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda entry point for the data team's GET routes: decodes the proxy event (payload 2.0 or 1.0),
 * lets {@link QueryService} answer, writes the proxy response and one log line.
 */
public final class QueryHandler implements RequestStreamHandler, Resource {

  private final QueryService service;
  private final QueryPriming priming;

  /** Called by Lambda once per execution environment: config, client and executor built here. */
  public QueryHandler() {
    this(fromEnvironment(System.getenv()));
    // The global context keeps only a weak reference; Lambda keeps this handler for the
    // environment's life.
    Core.getGlobalContext().register(this);
  }

  public QueryHandler(QueryService service) {
    this.service = service;
    this.priming = new QueryPriming(service);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    long started = System.nanoTime();
    QueryOutcome outcome = service.handle(ApiGatewayEvents.decode(input));
    ApiGatewayEvents.encode(outcome.response(), output);
    context.getLogger().log(RequestLog.line("query request", outcome, System.nanoTime() - started));
  }

  /** Before SnapStart's snapshot: answer read-only queries so restored environments start warm. */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    priming.prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to renew: the SDK client reconnects, credentials come from the environment.
  }

  private static QueryService fromEnvironment(Map<String, String> env) {
    return QueryService.create(
        QueryConfig.fromEnv(env), AwsClients.fromEnvironment(env).dynamoDb());
  }
}
