package com.theeye.query;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayHandler;
import com.theeye.http.HttpRequest;
import com.theeye.signing.CursorKeys;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point for the data team's routes: {@link QueryService} answers the queries, {@link
 * StatsService} the stats, {@link DeletionRequests} the deletions; {@link ApiGatewayHandler} does
 * the rest. {@link QueryPriming} runs before SnapStart's snapshot. It names {@code
 * RequestStreamHandler} again because the template checks look for the Lambda interface on the
 * handler class itself.
 */
public final class QueryHandler extends ApiGatewayHandler implements RequestStreamHandler {

  /**
   * Called by Lambda once per execution environment: config, clients (DynamoDB, its streams for
   * {@code /recent/}, CloudWatch for {@code /stats/}, SQS for the deletions' orders, Secrets
   * Manager) and executor built here. The cursor key is not read here but when a query first needs
   * it ({@link CursorKeys}), so the function starts, and SnapStart's snapshot is taken, even while
   * its secret cannot be read.
   */
  public QueryHandler() {
    this(fromEnvironment(System.getenv()));
    registerForSnapStart();
  }

  /** The queries only: {@code /api/v1/stats/} and the deletions' paths are not found. */
  public QueryHandler(QueryService service) {
    this(service, Optional.empty(), Optional.empty());
  }

  /** The queries, and the stats read from the accounting; the deletions' paths are not found. */
  public QueryHandler(QueryService service, StatsService stats) {
    this(service, Optional.of(stats), Optional.empty());
  }

  /** The queries, the stats, and the deletions: every route the template gives the function. */
  public QueryHandler(QueryService service, StatsService stats, DeletionRequests deletions) {
    this(service, Optional.of(stats), Optional.of(deletions));
  }

  private QueryHandler(
      QueryService service, Optional<StatsService> stats, Optional<DeletionRequests> deletions) {
    super(
        "query request",
        request -> route(request, service::handle, stats, deletions),
        QueryPriming.of(request -> route(request, service::prime, stats, deletions), deletions));
  }

  private QueryHandler(Services services) {
    this(services.queries(), services.stats(), services.deletions());
  }

  /** The service whose path the request names; the queries answer any other path's 404. */
  private static QueryOutcome route(
      HttpRequest request,
      Function<HttpRequest, QueryOutcome> queries,
      Optional<StatsService> stats,
      Optional<DeletionRequests> deletions) {
    if (StatsService.serves(request.path())) {
      return stats.map(service -> service.handle(request)).orElseGet(StatsService::notServed);
    }
    if (DeletionRequests.serves(request.path())) {
      return deletions
          .map(service -> service.handle(request))
          .orElseGet(DeletionRequests::notServed);
    }
    return queries.apply(request);
  }

  private record Services(QueryService queries, StatsService stats, DeletionRequests deletions) {}

  private static Services fromEnvironment(Map<String, String> env) {
    QueryConfig config = QueryConfig.fromEnv(env);
    AwsClients clients = AwsClients.fromEnvironment(env);
    DynamoDbClient dynamoDb = clients.dynamoDb();
    CursorKeys cursorKeys =
        CursorKeys.fromSecret(
            clients.build(SecretsManagerClient.builder()),
            config.cursorSecretArn(),
            config.cursorKeyRefresh(),
            Clock.systemUTC(),
            System.out::println);
    ArrivalFeed arrivals =
        new StreamArrivals(
            clients.build(DynamoDbStreamsClient.builder()),
            config.eventsStreamArn(),
            config.invalidEventsStreamArn(),
            Clock.systemUTC());
    return new Services(
        QueryService.create(config, dynamoDb, cursorKeys, arrivals),
        StatsService.create(
            config,
            new CloudWatchAccounting(
                clients.build(CloudWatchClient.builder()), config.metricsNamespace())),
        DeletionRequests.create(config, dynamoDb, clients.build(SqsClient.builder())));
  }
}
