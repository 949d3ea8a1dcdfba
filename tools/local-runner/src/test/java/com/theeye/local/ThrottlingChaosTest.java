package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.accounting.MinuteStats;
import com.theeye.event.EventCodec;
import com.theeye.store.EventItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.AwsTestEnvironment.RedrivenQueue;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.FaultInjectingProxy;
import com.theeye.testsupport.FaultInjectingProxy.Fault;
import com.theeye.testsupport.Fixtures;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Issue 24's throttling chaos test: under load through the local API, DynamoDB answers {@code
 * ProvisionedThroughputExceededException} to half of all writes for a while, as a provisioned table
 * does while autoscaling follows a burst. Every event answered 202 must be stored, and none
 * dead-lettered.
 *
 * <p>Scaled down to keep `make test` short, with the proportions that matter on AWS kept: there a
 * message's receives (MaxReceiveCount 5 x the visibility timeout's 180 s, 15 minutes) run out
 * before autoscaling has caught up (20–30 minutes); here the queue allows 2 receives 2 s apart and
 * the throttling lasts {@link #THROTTLED_FOR}, five times as long, so a processor that counts a
 * throttled event as a failed one dead-letters it, as the processor before issue 24 did. The
 * processor's timeout is {@link #PROCESSOR_TIMEOUT}: 2 s of retries within an invocation before its
 * cutoff ({@code RetryCutoff.MARGIN} is 11 s), so messages are handed back, and handed back again,
 * while the throttling lasts. The writes refused are chosen by their content ({@link
 * FaultInjectingProxy#refuseWrites}): a refused write is refused again when retried, as on a table
 * short of capacity, rather than a coin flip per attempt that the SDK's own three attempts would
 * mostly hide. Whether the category list's one write is among them (the processor records a
 * category before its first event is stored) decides whether half of the events or all of them wait
 * out the throttling; either way each must end up stored.
 *
 * <p>The processor as it was before issue 24 fails this test: it dead-letters every message whose
 * write was refused (110 messages carrying 300 events in the run the commit names).
 */
@ExtendWith(AwsEmulators.class)
class ThrottlingChaosTest {

  private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_RECEIVE_COUNT = 2;
  private static final Duration PROCESSOR_TIMEOUT = Duration.ofSeconds(13);
  private static final Duration THROTTLED_FOR = Duration.ofSeconds(20);
  private static final Duration STORED_WITHIN = Duration.ofSeconds(180);

  /** Single-event posts and arrays of 20 (one packed message each), as clients send them. */
  private static final int SINGLE_POSTS = 100;

  private static final int ARRAYS_OF_20 = 10;

  @Test
  void everyAcceptedEventIsStoredAndNoneDeadLetteredWhileHalfOfAllWritesAreThrottled(
      AwsTestEnvironment aws, @TempDir Path data) throws Exception {
    UUID application = UUID.randomUUID();
    TableNames tables = aws.createTables();
    aws.putApplication(tables, application, "chaos", true);
    RedrivenQueue queues =
        aws.createRedrivenQueue("chaos-events", VISIBILITY_TIMEOUT, MAX_RECEIVE_COUNT);
    List<String> deadLettered = new CopyOnWriteArrayList<>();
    List<String> functionLog = new CopyOnWriteArrayList<>();
    Set<String> accepted = new HashSet<>();

    Instant from = Instant.now();
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(aws.dynamoDbEndpoint());
        DynamoDbClient throughProxy = aws.clientsFor(proxy.uri()).dynamoDb();
        AccountingLedger ledger = AccountingLedger.open(data);
        SqsClient ingestSqs =
            aws.clientsFor(aws.sqsEndpoint())
                .build(
                    SqsClient.builder()
                        .overrideConfiguration(
                            c ->
                                c.addExecutionInterceptor(
                                    new AcceptanceCounter(ledger, queues.events()))))) {
      LocalFunctions functions =
          LocalFunctions.build(
              new LocalFunctions.Clients(
                  ingestSqs, aws.sqs(), throughProxy, throughProxy, aws.sqs()),
              new LocalArrivals(
                  new StoredSince(aws.dynamoDb(), tables, Clock.systemUTC()), Clock.systemUTC()),
              "throttling-chaos-test-cursor-key",
              new LocalFunctions.QueueUrls(queues.events(), aws.createQueue("deletions")),
              ledger,
              tableSettings(tables));
      try (ApiGatewayBridge api =
              ApiGatewayBridge.start(
                  "127.0.0.1",
                  0,
                  functions.routes(),
                  new ApiDocs(Fixtures.repoRoot()),
                  new GatewayCors(LocalSettings.CorsSettings.TEMPLATE_DEFAULTS),
                  functionLog::add);
          SqsEventSource source =
              new SqsEventSource(
                  aws.sqs(),
                  queues.events(),
                  "arn:aws:sqs:us-east-1:000000000000:chaos-events",
                  functions.processor(),
                  10,
                  LocalEye.CONCURRENT_BATCHES,
                  VISIBILITY_TIMEOUT,
                  MAX_RECEIVE_COUNT,
                  deadLetters(deadLettered),
                  functionLog::add,
                  PROCESSOR_TIMEOUT)) {
        source.start();
        long throttlingFrom = System.nanoTime();
        proxy.refuseWrites(0.5, Fault.THROTTLING);

        accepted.addAll(
            load(new LocalApi("http://127.0.0.1:" + api.port(), application.toString())));
        Eventually.await(
            THROTTLED_FOR.plusSeconds(10),
            () -> Duration.ofNanos(System.nanoTime() - throttlingFrom),
            elapsed -> elapsed.compareTo(THROTTLED_FOR) >= 0,
            "the end of the throttling");
        proxy.passThrough();

        Eventually.await(
            STORED_WITHIN,
            () -> aws.approximateDepth(queues.events()),
            depth -> depth == 0,
            "the events queue empty, delayed hand-backs included");
        assertTrue(proxy.faultsAnswered() > 0, "the proxy throttled writes");
      }
      // The accounting reconciles: every accept counted once with its outcome, hand-backs and all.
      List<MinuteStats> minutes =
          ledger.read(application, from.minusSeconds(60), Instant.now().plusSeconds(60)).stream()
              .map(tally -> MinuteStats.of(tally, Instant.now(), Duration.ZERO))
              .toList();
      assertEquals(
          SINGLE_POSTS + 20 * ARRAYS_OF_20,
          minutes.stream().mapToLong(MinuteStats::accepted).sum(),
          minutes::toString);
      assertTrue(
          minutes.stream().allMatch(m -> m.reconciled().equals(Optional.of(true))),
          () -> "every minute reconciles: " + minutes);
    }

    assertEquals(
        0,
        deadLettered.size(),
        () ->
            deadLettered.size()
                + " message(s) dead-lettered for throttling alone, carrying "
                + deadLettered.stream()
                    .mapToInt(body -> EventCodec.fromAnyMessage(body).size())
                    .sum()
                + " event(s)");
    assertEquals(0, aws.approximateDepth(queues.deadLetters()), "the dead-letter queue");
    assertEquals(SINGLE_POSTS + 20 * ARRAYS_OF_20, accepted.size());
    Set<String> missing = new TreeSet<>(accepted);
    missing.removeAll(storedIds(aws.dynamoDb(), tables));
    assertEquals(Set.of(), missing, "accepted (202) but not stored");
    long handBacks = functionLog.stream().filter(l -> l.contains("\"hand_back\":")).count();
    assertTrue(handBacks > 0, "messages were handed back to the queue");
    System.out.println(
        "throttling chaos: "
            + accepted.size()
            + " events stored, "
            + sumOf(functionLog, "handed_back")
            + " hand-backs of events, "
            + sumOf(functionLog, "throttle_retries")
            + " retries within invocations");
  }

  /** Posts the load; returns the ids of the events answered 202. */
  private static Set<String> load(LocalApi api) {
    Set<String> ids = new HashSet<>();
    for (int array = 0; array < ARRAYS_OF_20; array++) {
      UUID session = UUID.randomUUID();
      String body =
          IntStream.range(0, 20)
              .mapToObj(i -> LocalApiClient.pageview(session, "/array/" + i))
              .collect(Collectors.joining(",", "[", "]"));
      HttpResponse<String> response = api.post(body);
      assertEquals(202, response.statusCode(), response::body);
      LocalApi.json(response.body()).forEach(event -> ids.add(event.get("id").asText()));
    }
    for (int post = 0; post < SINGLE_POSTS; post++) {
      HttpResponse<String> response =
          api.post(LocalApiClient.pageview(UUID.randomUUID(), "/single/" + post));
      assertEquals(202, response.statusCode(), response::body);
      ids.add(LocalApiClient.acceptedId(response));
    }
    return ids;
  }

  /** The functions' tables are this test's own, not the runner's. */
  private static Map<String, String> tableSettings(TableNames tables) {
    return Map.of(
        "EVENTS_TABLE", tables.events(),
        "SESSIONS_TABLE", tables.sessions(),
        "INVALID_EVENTS_TABLE", tables.invalidEvents(),
        "APPLICATIONS_TABLE", tables.applications());
  }

  private static Set<String> storedIds(DynamoDbClient dynamoDb, TableNames tables) {
    return dynamoDb
        .scanPaginator(b -> b.tableName(tables.events()).consistentRead(true))
        .items()
        .stream()
        .filter(item -> !TableLayout.CATEGORY_LIST.equals(item.get(TableLayout.SESSION_ID).s()))
        .map(item -> item.get(EventItems.ID).s())
        .collect(Collectors.toSet());
  }

  /** The sum of a count the processor's batch lines carry. */
  private static long sumOf(List<String> functionLog, String field) {
    long sum = 0;
    for (String line : functionLog) {
      if (line.contains("\"batch processed\"")) {
        JsonNode json = LocalApi.json(line);
        sum += json.path(field).asLong();
      }
    }
    return sum;
  }

  private static SqsEventSource.QueueExits deadLetters(List<String> deadLettered) {
    return new SqsEventSource.QueueExits() {
      @Override
      public void deleted(String body) {}

      @Override
      public void deadLettered(String body, int receiveCount) {
        deadLettered.add(body);
      }
    };
  }
}
