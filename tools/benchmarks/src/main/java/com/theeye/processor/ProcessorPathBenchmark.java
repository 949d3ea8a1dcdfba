package com.theeye.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.bench.Fixtures;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.store.UnknownEventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The processor's CPU work per message, without the network: decode the SQS body, validate the data
 * against its type's JSON Schema, build the Events item. The session lookup (a cached owner when
 * warm) and the PutItem are left out. In this package to reach the package-private pieces.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProcessorPathBenchmark {

  private EventValidator validator;
  private EventStore store;
  private String single;
  private List<String> batch100;

  @Setup
  public void load() {
    validator =
        new EventValidator(
            SchemaRegistry.fromClasspath(ProcessorHandler.class.getClassLoader()),
            UnknownEventTypes.REJECT,
            Duration.ofSeconds(300));
    // Item building only: no client, nothing is written.
    store =
        new EventStore(
            null,
            "events",
            "invalid-events",
            new Shards(8),
            Optional.empty(),
            new IdentityLog(null, "identities"),
            new MessageIdClaims(null, "sessions"));
    single = message(0);
    batch100 = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch100.add(message(i));
    }
  }

  /** One page view. */
  @Benchmark
  public void singleEvent(Blackhole sink) {
    sink.consume(process(single));
  }

  /** A batch of 100 messages of the three known types; divide by 100 for the cost per event. */
  @Benchmark
  public void batchOf100(Blackhole sink) {
    for (String body : batch100) {
      sink.consume(process(body));
    }
  }

  private Object process(String body) {
    Event event = EventCodec.fromMessage(body);
    List<Violation> violations = validator.violations(event);
    if (!violations.isEmpty()) {
      throw new IllegalStateException("the sample events must be valid: " + violations);
    }
    return store.validItem(event);
  }

  /** A queue message as the ingest function writes it. */
  private static String message(int i) {
    ObjectNode sent = Fixtures.senderEvent(UUID.randomUUID(), i);
    Instant receivedAt = EventTimestamps.normalize(Instant.now());
    Event event =
        Event.identified(
            Fixtures.APPLICATION,
            UUID.fromString(sent.get("session_id").textValue()),
            sent.get("category").textValue(),
            sent.get("name").textValue(),
            (ObjectNode) sent.get("data"),
            EventTimestamps.parse(sent.get("timestamp").textValue()).orElseThrow(),
            receivedAt);
    return EventCodec.toMessage(event);
  }
}
