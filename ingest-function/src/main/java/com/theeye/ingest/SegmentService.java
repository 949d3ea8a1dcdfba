package com.theeye.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Uuids;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Segment's HTTP Tracking API ({@link SegmentPath}): the same checks as the native API ({@link
 * Admission}), the write key being the application id (HTTP Basic user name, or {@code writeKey} in
 * the body as analytics.js sends it), the messages mapped to events ({@link SegmentMessages}) and
 * put on the same queue; answered as Segment does, {@code 200 {"success": true}}, so every Segment
 * library takes it as delivered. Errors keep the native API's DRF shape.
 */
final class SegmentService {

  /**
   * Segment's documented limit on one batch request, "500 KB": larger ones get 413, never Segment's
   * silent drop. Lower when {@code MAX_BODY_BYTES} is.
   */
  static final int MAX_REQUEST_BYTES = 500 * 1024;

  static final String NO_WRITE_KEY =
      "Authentication credentials were not provided: send the write key (the application id) as"
          + " the user name of HTTP Basic authentication, or as writeKey in the body.";

  private final Admission admission;
  private final EventQueue queue;
  private final SegmentMessages messages;
  private final int maxRequestBytes;
  private final Clock clock;

  private SegmentService(
      Admission admission,
      EventQueue queue,
      SegmentMessages messages,
      int maxRequestBytes,
      Clock clock) {
    this.admission = admission;
    this.queue = queue;
    this.messages = messages;
    this.maxRequestBytes = maxRequestBytes;
    this.clock = clock;
  }

  SegmentService(
      Admission admission,
      EventQueue queue,
      SegmentMessages messages,
      IngestConfig config,
      Clock clock) {
    this(admission, queue, messages, Math.min(MAX_REQUEST_BYTES, config.maxBodyBytes()), clock);
  }

  /** The same service with other checks and queue: for SnapStart priming's twin. */
  SegmentService with(Admission admission, EventQueue queue) {
    return new SegmentService(admission, queue, messages, maxRequestBytes, clock);
  }

  /** Whether a request path is one of Segment's, which this service answers, 404 included. */
  static boolean serves(String path) {
    return path.startsWith(SegmentPath.PREFIX);
  }

  /**
   * Answers one request. With the key in the Authorization header the sender is checked before the
   * body is read, as on the native API; with the key in the body (analytics.js), the body is read
   * first, within the same limits.
   */
  IngestOutcome handle(HttpRequest request) {
    return route(request)
        .then(path -> withinLimits(request).then(ok -> keyed(request, path)))
        .then(this::messages)
        .answer(this::enqueue);
  }

  /** A trusted sender's messages to a path. */
  private record Request(Sender sender, SegmentPath path, JsonNode body) {}

  /** The trusted sender, by the header's key or the body's, with the body. */
  private IngestStep<Request> keyed(HttpRequest request, SegmentPath path) {
    return headerKey(request)
        .then(
            headerKey ->
                headerKey.isPresent()
                    ? byHeaderKey(request, headerKey.get())
                    : body(request, null)
                        .then(SegmentService::bodyKey)
                        .then(k -> byBodyKey(request, k)))
        .then(sent -> IngestStep.next(new Request(sent.sender(), path, sent.body())));
  }

  /** Trust first, then the body, whose writeKey (if any) must name the same application. */
  private IngestStep<SenderBody> byHeaderKey(HttpRequest request, UUID application) {
    return admission
        .trusted(request, application)
        .then(sender -> body(request, sender.id()).then(json -> sameKey(sender, json)));
  }

  private IngestStep<SenderBody> byBodyKey(HttpRequest request, KeyedBody keyed) {
    return admission
        .trusted(request, keyed.application())
        .then(sender -> IngestStep.next(new SenderBody(sender, keyed.body())));
  }

  private record SenderBody(Sender sender, JsonNode body) {}

  private record KeyedBody(UUID application, JsonNode body) {}

  /** The path, when it is one of Segment's and the method POST: 404 or 405 otherwise. */
  private static IngestStep<SegmentPath> route(HttpRequest request) {
    Optional<SegmentPath> path = SegmentPath.of(request.path());
    if (path.isEmpty()) {
      return Admission.refused(HttpResponse.detail(404, "Not found."), null, "unknown path");
    }
    if (!request.method().equals("POST")) {
      return Admission.refused(
          HttpResponse.detail(405, "Method \"" + request.method() + "\" not allowed.")
              .withHeader("allow", "POST"),
          null,
          "method not allowed");
    }
    return IngestStep.next(path.get());
  }

  /** The request, when its body is within Segment's limit and in an encoding read here. */
  private IngestStep<HttpRequest> withinLimits(HttpRequest request) {
    if (request.body().length > maxRequestBytes) {
      return Admission.refused(HttpResponse.detail(413, tooLarge("")), null, "body too large");
    }
    Optional<RequestBodies.DecodedBody.Refused> unsupported =
        RequestBodies.unsupported(RequestBodies.encodings(request));
    if (unsupported.isPresent()) {
      return Admission.refused(unsupported.get().response(), null, unsupported.get().problem());
    }
    return IngestStep.next(request);
  }

  private String tooLarge(String when) {
    return "Request body is larger than "
        + maxRequestBytes
        + " bytes"
        + when
        + ", the most one Segment request may carry.";
  }

  /**
   * The write key of an {@code Authorization: Basic} header, empty without one: 401 when the header
   * is there but is no Basic credential of an application id.
   */
  private static IngestStep<Optional<UUID>> headerKey(HttpRequest request) {
    Optional<String> header = Admission.present(request.header("authorization"));
    if (header.isEmpty()) {
      return IngestStep.next(Optional.empty());
    }
    String[] scheme = header.get().split("\\s+", 2);
    if (scheme.length != 2 || !scheme[0].toLowerCase(Locale.ROOT).equals("basic")) {
      return invalidKey(
          "Invalid Authorization header: send HTTP Basic credentials, the write key"
              + " as the user name.",
          "authorization not basic");
    }
    String credentials;
    try {
      credentials =
          new String(Base64.getDecoder().decode(scheme[1].strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return invalidKey(
          "Invalid Authorization header: its credentials are not base64.", "malformed basic");
    }
    int colon = credentials.indexOf(':');
    String user = colon < 0 ? credentials : credentials.substring(0, colon);
    return Uuids.parse(user)
        .<IngestStep<Optional<UUID>>>map(key -> IngestStep.next(Optional.of(key)))
        .orElseGet(() -> malformedKey());
  }

  /** The body's {@code writeKey}, for a request that sent no Authorization header: 401 without. */
  private static IngestStep<KeyedBody> bodyKey(JsonNode body) {
    JsonNode key = body.path("writeKey");
    if (key.isMissingNode() || key.isNull()) {
      return Admission.refused(HttpResponse.detail(401, NO_WRITE_KEY), null, "no write key");
    }
    Optional<UUID> application = key.isTextual() ? Uuids.parse(key.textValue()) : Optional.empty();
    return application
        .<IngestStep<KeyedBody>>map(id -> IngestStep.next(new KeyedBody(id, body)))
        .orElseGet(() -> malformedKey());
  }

  /** A body whose {@code writeKey}, if any, names the header's application: 400 otherwise. */
  private static IngestStep<SenderBody> sameKey(Sender sender, JsonNode body) {
    JsonNode key = body.path("writeKey");
    if (key.isTextual()
        && !Uuids.parse(key.textValue()).equals(Optional.of(sender.application()))) {
      return Admission.refused(
          HttpResponse.detail(
              400,
              "The write key of the Authorization header and the writeKey in the body differ."),
          sender.id(),
          "write keys differ");
    }
    return IngestStep.next(new SenderBody(sender, body));
  }

  private static <T> IngestStep<T> malformedKey() {
    return invalidKey(
        "Invalid write key: it must be the application id, a UUID.", "malformed write key");
  }

  private static <T> IngestStep<T> invalidKey(String detail, String problem) {
    return Admission.refused(HttpResponse.detail(401, detail), null, problem);
  }

  /** The body inflated within Segment's limit and read as JSON. */
  private IngestStep<JsonNode> body(HttpRequest request, String application) {
    return admission.json(
        request,
        maxRequestBytes,
        application,
        at -> {
          // /batch/3/properties/x is reported as the native API reports arrays: under index 3.
          JsonPointer where = at.where();
          boolean inBatch = "batch".equals(where.getMatchingProperty()) && !where.tail().matches();
          return EnvelopeValidator.numberOutOfRange(inBatch ? where.tail() : where, inBatch);
        });
  }

  private IngestStep<Admitted> messages(Request request) {
    return switch (messages.read(
        request.body(),
        request.path(),
        request.sender().application(),
        EventTimestamps.normalize(clock.instant()))) {
      case EnvelopeResult.Rejected rejected ->
          Admission.refused(
              HttpResponse.json(400, rejected.errors()),
              request.sender().id(),
              "invalid Segment message");
      case EnvelopeResult.Accepted accepted ->
          IngestStep.next(new Admitted(request.sender(), accepted));
    };
  }

  private record Admitted(Sender sender, EnvelopeResult.Accepted events) {}

  /** The events put on the queue, answered as Segment does; 503 when the queue cannot take them. */
  private IngestOutcome enqueue(Admitted admitted) {
    String applicationId = admitted.sender().id();
    Optional<IngestOutcome> failed =
        IngestService.send(
            queue,
            IngestService.withContext(admitted.events().events(), admitted.sender().context()),
            applicationId);
    return failed.orElseGet(
        () ->
            new IngestOutcome(
                HttpResponse.json(200, success()),
                applicationId,
                admitted.events().events().size(),
                null,
                Optional.of(admitted.events().events().getFirst().receivedAt())));
  }

  /** Segment's answer to a request it accepted. */
  static ObjectNode success() {
    return ExactJson.MAPPER.createObjectNode().put("success", true);
  }
}
