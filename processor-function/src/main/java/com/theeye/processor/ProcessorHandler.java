package com.theeye.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.theeye.aws.AwsClients;
import com.theeye.event.ReplayMarker;
import com.theeye.log.LambdaLog;
import com.theeye.snapstart.SnapStartHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point for the events queue: hands each batch to {@link BatchProcessor}, with the
 * time the invocation has left for retrying throttled events ({@link RetryCutoff}), and reports the
 * messages it could not store as batch item failures. The template must list {@code
 * ReportBatchItemFailures} under the event source's {@code FunctionResponseTypes}, or Lambda
 * ignores the response and retries the whole batch. Registered for SnapStart's runtime hooks:
 * {@link ProcessorPriming} runs before the snapshot.
 */
public final class ProcessorHandler extends SnapStartHandler
    implements RequestHandler<SQSEvent, SQSBatchResponse> {

  private final BatchProcessor processor;
  private final ProcessorPriming priming;

  /** Used by Lambda: configuration, client and schemas are built once, at init. */
  public ProcessorHandler() {
    this(System.getenv());
    registerForSnapStart();
  }

  private ProcessorHandler(Map<String, String> env) {
    this(ProcessorConfig.fromEnv(env), AwsClients.fromEnvironment(env));
  }

  private ProcessorHandler(ProcessorConfig config, AwsClients clients) {
    this(
        BatchProcessor.create(
            config,
            clients.dynamoDb(),
            clients.build(SqsClient.builder()),
            SchemaRegistry.fromClasspath(ProcessorHandler.class.getClassLoader())));
  }

  /** Used by tests: the processor with whatever clients they wired. */
  public ProcessorHandler(BatchProcessor processor) {
    this.processor = processor;
    this.priming = new ProcessorPriming(processor.dryRun());
  }

  @Override
  protected void prime() {
    priming.prime();
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    RetryCutoff cutoff =
        RetryCutoff.withRemaining(Duration.ofMillis(context.getRemainingTimeInMillis()));
    return invocation(context)
        .call(() -> handle(processor, event, cutoff, LambdaLog.to(context.getLogger())));
  }

  /**
   * The message, the replay's mark when a replay put it back on the queue, and how often its events
   * were handed back for throttling.
   */
  static QueueMessage queueMessage(SQSEvent.SQSMessage message) {
    Map<String, SQSEvent.MessageAttribute> attributes =
        message.getMessageAttributes() == null ? Map.of() : message.getMessageAttributes();
    SQSEvent.MessageAttribute replay = attributes.get(ReplayMarker.ATTRIBUTE);
    SQSEvent.MessageAttribute handBacks = attributes.get(ThrottledHandBack.ATTRIBUTE);
    return new QueueMessage(
        message.getMessageId(),
        message.getBody(),
        ReplayMarker.parse(replay == null ? null : replay.getStringValue()),
        handBacks == null ? 0 : handBacks(handBacks.getStringValue()));
  }

  // Written only by ThrottledHandBack; anything else counts as no hand-back rather than failing
  // the message.
  private static int handBacks(String value) {
    try {
      return Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The path every batch takes, and priming with it: process, log one line and one metric line,
   * report failures.
   */
  static SQSBatchResponse handle(
      BatchProcessor processor, SQSEvent event, RetryCutoff cutoff, Consumer<String> log) {
    List<QueueMessage> messages =
        event.getRecords().stream().map(ProcessorHandler::queueMessage).toList();
    BatchResult result = processor.process(messages, cutoff);
    log.accept(result.logLine());
    log.accept(result.metricLine(processor.metricsNamespace(), Instant.now()).json());
    return SQSBatchResponse.builder()
        .withBatchItemFailures(
            result.failedMessageIds().stream().map(SQSBatchResponse.BatchItemFailure::new).toList())
        .build();
  }
}
