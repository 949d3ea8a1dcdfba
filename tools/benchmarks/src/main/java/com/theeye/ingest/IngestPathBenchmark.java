package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.bench.Fixtures;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Uuids;
import com.theeye.http.ApiGatewayEvents;
import com.theeye.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
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
 * The ingest function's CPU work per request, without the network: decode the API Gateway event,
 * check the envelope, derive each id, write each SQS message body. The trust check (a cached
 * verdict when warm) and the SendMessage call are left out. In this package to reach the
 * package-private pieces the handler wires together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IngestPathBenchmark {

  private final EnvelopeValidator validator =
      new EnvelopeValidator(IngestConfig.DEFAULT_MAX_BATCH_EVENTS);
  private byte[] single;
  private byte[] batch100;

  @Setup
  public void load() {
    single = Fixtures.event("ingest/apigw-v2-pageview.json");
    batch100 = Fixtures.apiGatewayEvent(Fixtures.body(100, 0));
  }

  /** events/ingest/apigw-v2-pageview.json: one page view. */
  @Benchmark
  public void singleEvent(Blackhole sink) throws IOException {
    ingest(single, sink);
  }

  /** One request whose body is an array of 100 events; divide by 100 for the cost per event. */
  @Benchmark
  public void batchOf100(Blackhole sink) throws IOException {
    ingest(batch100, sink);
  }

  private void ingest(byte[] apiGatewayEvent, Blackhole sink) throws IOException {
    HttpRequest request = ApiGatewayEvents.decode(new ByteArrayInputStream(apiGatewayEvent));
    UUID application = Uuids.parse(request.header("application").orElseThrow()).orElseThrow();
    JsonNode body = ExactJson.MAPPER.readTree(request.body());
    Instant receivedAt = EventTimestamps.normalize(Instant.now());
    if (!(validator.validate(body, application, receivedAt)
        instanceof EnvelopeResult.Accepted accepted)) {
      throw new IllegalStateException("the sample events must be accepted");
    }
    for (Event event : accepted.events()) {
      sink.consume(EventCodec.toMessage(event));
    }
  }
}
