package com.theeye.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.http.ApiGatewayEvents;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.http.RequestLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * SnapStart priming for the ingest function: runs the request path before the snapshot so a
 * restored environment finds its classes loaded and initialized, its hot methods compiled and the
 * DynamoDB client's call path (endpoint rules, signing, HTTP) already taken. See AWS's "Lambda
 * SnapStart runtime hooks for Java".
 *
 * <p>Without side effects: the request comes from a random application id that is not registered,
 * so it costs one GetItem on Applications and is refused before anything is enqueued; the accepted
 * path (envelope, id, message and answer) is then run without sending. SendMessage is never called.
 */
final class IngestPriming {

  /** Enough calls for the JIT to compile the hot methods; each call costs microseconds. */
  static final int ROUNDS = 200;

  private final IngestService service;
  private final EnvelopeValidator validator =
      new EnvelopeValidator(IngestConfig.DEFAULT_MAX_BATCH_EVENTS);

  IngestPriming(IngestService service) {
    this.service = service;
  }

  void prime() {
    UUID stranger = UUID.randomUUID();
    byte[] refused = apiGatewayEvent(stranger, sampleBody(1));
    String batch = sampleBody(3);
    for (int round = 0; round < ROUNDS; round++) {
      // The first round reads Applications; the verdict is then cached, like a warm request's.
      respond(service.handle(decode(refused)));
      accept(stranger, batch);
    }
  }

  private void accept(UUID application, String body) {
    try {
      var result =
          validator.validate(
              EventCodec.JSON.readTree(body),
              application,
              EventTimestamps.normalize(Instant.now()));
      if (!(result instanceof EnvelopeResult.Accepted accepted)) {
        throw new IllegalStateException("the priming sample must be a valid envelope");
      }
      ArrayNode echo = EventCodec.JSON.createArrayNode();
      for (Event event : accepted.events()) {
        EventCodec.toMessage(event);
        echo.add(EventCodec.toSeedJson(event));
      }
      respond(new IngestOutcome(HttpResponse.json(202, echo), application.toString(), 3, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpRequest decode(byte[] apiGatewayEvent) {
    try {
      return ApiGatewayEvents.decode(new ByteArrayInputStream(apiGatewayEvent));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void respond(IngestOutcome outcome) {
    try {
      ApiGatewayEvents.encode(outcome.response(), OutputStream.nullOutputStream());
      RequestLog.line("ingest request", outcome, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sampleBody(int events) {
    ArrayNode array = EventCodec.JSON.createArrayNode();
    for (int i = 0; i < events; i++) {
      ObjectNode event = array.addObject();
      event.put("session_id", UUID.randomUUID().toString());
      event.put("category", "page interaction");
      event.put("name", "pageview");
      event.putObject("data").put("host", "priming.invalid").put("path", "/" + i);
      event.put("timestamp", "2021-01-01 09:15:27.243860");
    }
    return EventCodec.write(events == 1 ? array.get(0) : array);
  }

  private static byte[] apiGatewayEvent(UUID application, String body) {
    ObjectNode event = EventCodec.JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("rawPath", IngestService.EVENTS_PATH + "/");
    ObjectNode headers = event.putObject("headers");
    Map.of("application", application.toString(), "content-type", "application/json")
        .forEach(headers::put);
    event.putObject("requestContext").putObject("http").put("method", "POST");
    event.put("body", body);
    event.put("isBase64Encoded", false);
    return EventCodec.write(event).getBytes(StandardCharsets.UTF_8);
  }
}
