package com.theeye.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.http.ApiGatewayHandler;
import com.theeye.http.ApiPriming;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SnapStart priming for the ingest function: requests {@link ApiGatewayHandler} sends through the
 * function's own path before the snapshot, so a restored environment finds its classes loaded and
 * initialized, its hot methods compiled and the DynamoDB client's call path (endpoint rules,
 * signing, HTTP) already taken.
 *
 * <p>Without side effects, by construction: the requests go to the live service's priming twin
 * ({@link IngestService#forPriming}), whose queue sends nothing. One comes from a random
 * application id that is not registered: one GetItem on Applications, then the cached verdict, and
 * a 401. The others come from an id only the twin trusts, so they take the accepted path —
 * envelope, ids, message bodies, the queue's batching, the 202 echo, and a Segment batch to its 200
 * — and nothing reaches SQS.
 */
final class IngestPriming {

  /** Enough calls for the JIT to compile the hot methods; each call costs microseconds. */
  static final int ROUNDS = 200;

  private IngestPriming() {}

  static ApiPriming of(IngestService live) {
    UUID stranger = UUID.randomUUID();
    UUID primingApplication = UUID.randomUUID();
    return new ApiPriming(
        live.forPriming(primingApplication)::handle,
        List.of(
            new ApiPriming.Exchange(post(stranger, sampleBody(1)), 401),
            new ApiPriming.Exchange(post(primingApplication, sampleBody(1)), 202),
            new ApiPriming.Exchange(post(primingApplication, sampleBody(3)), 202),
            new ApiPriming.Exchange(segmentBatch(primingApplication), 200),
            new ApiPriming.Exchange(receipt(primingApplication), 404)),
        ROUNDS);
  }

  private static HttpRequest post(UUID application, String body) {
    return new HttpRequest(
        "POST",
        ApiResource.EVENTS.path() + "/",
        Map.of("application", application.toString(), "content-type", "application/json"),
        Map.of(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** A receipt lookup that reads nothing: the token is no receipt, so the answer is 404. */
  private static HttpRequest receipt(UUID application) {
    return new HttpRequest(
        "GET",
        ReceiptService.PREFIX + "priming.invalid",
        Map.of(),
        Map.of("application", application.toString()),
        new byte[0]);
  }

  /** A Segment batch as analytics-node sends it, the application id as Basic auth's user. */
  private static HttpRequest segmentBatch(UUID application) {
    String body =
        "{\"batch\":[{\"type\":\"track\",\"event\":\"Priming\",\"userId\":\"priming\","
            + "\"properties\":{\"n\":1},\"timestamp\":\"2021-01-01T09:15:27.243Z\","
            + "\"messageId\":\""
            + UUID.randomUUID()
            + "\",\"context\":{\"library\":{\"name\":\"priming\"}}}],"
            + "\"sentAt\":\"2021-01-01T09:15:28Z\"}";
    String basic =
        Base64.getEncoder().encodeToString((application + ":").getBytes(StandardCharsets.UTF_8));
    return new HttpRequest(
        "POST",
        "/v1/batch",
        Map.of("authorization", "Basic " + basic, "content-type", "application/json"),
        Map.of(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String sampleBody(int events) {
    ArrayNode array = ExactJson.MAPPER.createArrayNode();
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
}
