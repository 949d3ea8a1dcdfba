package com.theeye.deletion;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.theeye.aws.AwsClients;
import com.theeye.log.LambdaLog;
import com.theeye.log.LogLine;
import com.theeye.snapstart.SnapStartHandler;
import com.theeye.store.DeletionOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point for the deletions queue: each message is a {@link DeletionOrder}, run by
 * {@link DeletionJob} within the invocation's time. A message that is no order, or whose run fails,
 * is reported as a batch item failure: SQS delivers it again, and after the redrive policy's
 * receives moves it to the dead-letter queue. The template must list {@code
 * ReportBatchItemFailures} under the event source's {@code FunctionResponseTypes}, or Lambda
 * ignores the response. Registered for SnapStart's runtime hooks: {@link DeletionPriming} runs
 * before the snapshot.
 */
public final class DeletionHandler extends SnapStartHandler
    implements RequestHandler<SQSEvent, SQSBatchResponse> {

  private final DeletionJob job;
  private final DeletionPriming priming;

  /** Used by Lambda: configuration and clients are built once, at init. */
  public DeletionHandler() {
    this(System.getenv());
    registerForSnapStart();
  }

  private DeletionHandler(Map<String, String> env) {
    this(DeletionConfig.fromEnv(env), AwsClients.fromEnvironment(env));
  }

  private DeletionHandler(DeletionConfig config, AwsClients clients) {
    this(config, clients.dynamoDb(), clients.build(SqsClient.builder()));
  }

  /** Used by the local runner and tests: the job with whatever clients they wired. */
  public DeletionHandler(DeletionConfig config, DynamoDbClient dynamoDb, SqsClient sqs) {
    this(DeletionJob.create(config, dynamoDb, sqs));
  }

  DeletionHandler(DeletionJob job) {
    this.job = job;
    this.priming = new DeletionPriming(job);
  }

  @Override
  protected void prime() {
    priming.prime();
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    Supplier<Duration> remaining = () -> Duration.ofMillis(context.getRemainingTimeInMillis());
    return invocation(context)
        .call(() -> handle(job, event, remaining, LambdaLog.to(context.getLogger())));
  }

  /**
   * The path every batch takes, and priming with it: each message's order run, one log line each,
   * failures reported.
   */
  static SQSBatchResponse handle(
      DeletionJob job, SQSEvent event, Supplier<Duration> remaining, Consumer<String> log) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      Optional<DeletionOrder> order = DeletionOrder.fromMessage(message.getBody());
      if (order.isEmpty()) {
        log.accept(
            new LogLine(LogLine.Level.WARN, "not a deletion order")
                .with("message_id", message.getMessageId())
                .json());
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        continue;
      }
      try {
        Duration left = remaining.get();
        log.accept(
            job.run(order.get().deletion(), left, Deadline.beforeTimeout(left)).logLine().json());
      } catch (RuntimeException e) {
        log.accept(
            new LogLine(LogLine.Level.ERROR, "deletion job failed")
                .with("deletion", order.get().deletion().toString())
                .with("message_id", message.getMessageId())
                .with("error", e.toString())
                .json());
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
