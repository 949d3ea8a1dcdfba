package com.theeye.query;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayHandler;
import com.theeye.signing.CursorKeys;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda entry point for the data team's GET routes: {@link QueryService} answers, {@link
 * ApiGatewayHandler} does the rest. {@link QueryPriming} runs before SnapStart's snapshot. It names
 * {@code RequestStreamHandler} again because the template checks look for the Lambda interface on
 * the handler class itself.
 */
public final class QueryHandler extends ApiGatewayHandler implements RequestStreamHandler {

  /**
   * Called by Lambda once per execution environment: config, clients (DynamoDB, its streams for
   * {@code /recent/}, CloudWatch for {@code /stats/}, Secrets Manager) and executor built here. The
   * cursor key is not read here but when a query first needs it ({@link CursorKeys}), so the
   * function starts, and SnapStart's snapshot is taken, even while its secret cannot be read.
   */
  public QueryHandler() {
    this(fromEnvironment(System.getenv()));
    registerForSnapStart();
  }

  /** The queries only: {@code /api/v1/stats/} is not found. */
  public QueryHandler(QueryService service) {
    super(
        "query request",
        request ->
            StatsService.serves(request.path())
                ? StatsService.notServed()
                : service.handle(request),
        QueryPriming.of(service));
  }

  /** The queries, and the stats read from the accounting. */
  public QueryHandler(QueryService service, StatsService stats) {
    super(
        "query request",
        request ->
            StatsService.serves(request.path()) ? stats.handle(request) : service.handle(request),
        QueryPriming.of(service));
  }

  private QueryHandler(Services services) {
    this(services.queries(), services.stats());
  }

  private record Services(QueryService queries, StatsService stats) {}

  private static Services fromEnvironment(Map<String, String> env) {
    QueryConfig config = QueryConfig.fromEnv(env);
    AwsClients clients = AwsClients.fromEnvironment(env);
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
        QueryService.create(config, clients.dynamoDb(), cursorKeys, arrivals),
        StatsService.create(
            config,
            new CloudWatchAccounting(
                clients.build(CloudWatchClient.builder()), config.metricsNamespace())));
  }
}
