package com.theeye.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.theeye.aws.AwsClients;
import com.theeye.event.ReplayMarker;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda entry point for the events queue: hands each batch to {@link BatchProcessor} and reports
 * the messages it could not store as batch item failures. The template must list {@code
 * ReportBatchItemFailures} under the event source's {@code FunctionResponseTypes}, or Lambda
 * ignores the response and retries the whole batch. Registered for SnapStart's runtime hooks:
 * {@link ProcessorPriming} runs before the snapshot.
 */
public final class ProcessorHandler
    implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

  private final BatchProcessor processor;
  private final ProcessorPriming priming;

  /** Used by Lambda: configuration, client and schemas are built once, at init. */
  public ProcessorHandler() {
    this(System.getenv());
    // The global context keeps only a weak reference; Lambda keeps this handler for the
    // environment's life.
    Core.getGlobalContext().register(this);
  }

  private ProcessorHandler(Map<String, String> env) {
    this(
        BatchProcessor.create(
            ProcessorConfig.fromEnv(env),
            AwsClients.fromEnvironment(env).dynamoDb(),
            SchemaRegistry.fromClasspath(ProcessorHandler.class.getClassLoader())));
  }

  /** Used by tests: the processor with whatever clients they wired. */
  public ProcessorHandler(BatchProcessor processor) {
    this.processor = processor;
    this.priming = new ProcessorPriming(processor);
  }

  /** Before SnapStart's snapshot: exercise the message path so restored environments start warm. */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    priming.prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to renew: the SDK client reconnects, credentials come from the environment.
  }

  /** The message, and the replay's mark when a replay put it back on the queue. */
  static QueueMessage queueMessage(SQSEvent.SQSMessage message) {
    Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes();
    SQSEvent.MessageAttribute replay =
        attributes == null ? null : attributes.get(ReplayMarker.ATTRIBUTE);
    return new QueueMessage(
        message.getMessageId(),
        message.getBody(),
        ReplayMarker.parse(replay == null ? null : replay.getStringValue()));
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<QueueMessage> messages =
        event.getRecords().stream().map(ProcessorHandler::queueMessage).toList();
    BatchResult result = processor.process(messages);
    context.getLogger().log(result.logLine() + "\n");
    return SQSBatchResponse.builder()
        .withBatchItemFailures(
            result.failedMessageIds().stream().map(SQSBatchResponse.BatchItemFailure::new).toList())
        .build();
  }
}
