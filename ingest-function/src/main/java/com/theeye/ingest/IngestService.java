package com.theeye.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.aws.AwsErrors;
import com.theeye.event.ClientContext;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.JsonNumbers;
import com.theeye.event.NumberOutOfRangeException;
import com.theeye.event.Uuids;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.store.TrustedApplications;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code POST /api/v1/events/}: checks the sender is trusted and the envelope is well formed, puts
 * the events on the queue and answers 202 at once. Nothing here waits on storage. Other methods on
 * the API's paths, which the template routes here too, get 405.
 */
public final class IngestService {

  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  /**
   * Whether an application may send events, and from which origins: {@link
   * TrustedApplications#trust} for the live service; throws {@link SdkException} when the table
   * cannot be read.
   */
  private final Function<UUID, TrustedApplications.Trust> trustOf;

  private final EnvelopeValidator validator;
  private final EventQueue queue;
  private final int maxBodyBytes;
  private final boolean captureClientAddress;
  private final Clock clock;

  /**
   * @param captureClientAddress whether the sender's truncated address is stored with its events
   */
  private IngestService(
      Function<UUID, TrustedApplications.Trust> trustOf,
      EnvelopeValidator validator,
      EventQueue queue,
      int maxBodyBytes,
      boolean captureClientAddress,
      Clock clock) {
    this.trustOf = trustOf;
    this.validator = validator;
    this.queue = queue;
    this.maxBodyBytes = maxBodyBytes;
    this.captureClientAddress = captureClientAddress;
    this.clock = clock;
  }

  /** Wires the service to real clients; the clients are built once by the caller and shared. */
  public static IngestService create(
      IngestConfig config, SqsClient sqs, DynamoDbClient dynamoDb, Clock clock) {
    TrustedApplications trusted =
        new TrustedApplications(
            dynamoDb,
            config.applicationsTable(),
            config.trustedCacheTtl(),
            config.untrustedCacheTtl(),
            clock);
    return new IngestService(
        trusted::trust,
        new EnvelopeValidator(config.maxBatchEvents(), config.maxEventBytes()),
        new EventQueue(sqs, config.eventsQueueUrl()),
        config.maxBodyBytes(),
        config.captureClientAddress(),
        clock);
  }

  /**
   * A twin of this service for SnapStart priming: the same validator, trust check and queue code,
   * but its queue sends nothing ({@link EventQueue#dryRun}) and it also trusts {@code
   * primingApplication}, so priming can take the accepted path to its 202.
   *
   * <p>Trusted here rather than registered in Applications: registering would be a write, a side
   * effect the function's role does not even allow (it may only GetItem), and a registered id would
   * be trusted by every environment. Only this twin, which no request reaches, trusts it; any other
   * id is looked up in the table as usual, so priming takes the refused path's GetItem too.
   */
  IngestService forPriming(UUID primingApplication) {
    Function<UUID, TrustedApplications.Trust> alsoPriming =
        application ->
            application.equals(primingApplication)
                ? TrustedApplications.Trust.ANY_ORIGIN
                : trustOf.apply(application);
    return new IngestService(
        alsoPriming, validator, queue.dryRun(), maxBodyBytes, captureClientAddress, clock);
  }

  /**
   * Answers one request, step by step: each step answers it or hands the next what it found. Cheap
   * checks come before the Applications table is read, and a body is inflated and parsed only for a
   * trusted sender.
   */
  IngestOutcome handle(HttpRequest request) {
    return route(request)
        .then(this::application)
        .then(application -> withinLimits(request, application))
        .then(application -> trusted(request, application))
        .then(sender -> body(request, sender))
        .then(this::envelope)
        .answer(this::enqueue);
  }

  /** A trusted sender: whose events these are, and what API Gateway says about it. */
  private record Sender(UUID application, ClientContext context) {
    String id() {
      return application.toString();
    }
  }

  /** A trusted sender's body, read as JSON. */
  private record Body(Sender sender, JsonNode json) {}

  /** A trusted sender's events, each with a well-formed envelope. */
  private record Admitted(Sender sender, EnvelopeResult.Accepted events) {}

  /** The request, when it is a POST to the events path: 404 or 405 otherwise. */
  private static IngestStep<HttpRequest> route(HttpRequest request) {
    Optional<ApiResource> resource = ApiResource.of(request.path());
    if (resource.isEmpty()) {
      return refused(HttpResponse.detail(404, "Not found."), null, "unknown path");
    }
    // The template routes every method no other function serves on the API's paths here (PUT,
    // PATCH, DELETE, HEAD), so that they get 405 as on any server, not API Gateway's 404.
    if (resource.get() != ApiResource.EVENTS || !request.method().equals("POST")) {
      return refused(resource.get().methodNotAllowed(request.method()), null, "method not allowed");
    }
    return IngestStep.next(request);
  }

  /**
   * The application the request names, by header or, for browsers, by query parameter: 400 when the
   * two differ, 401 when neither is there or it is no UUID.
   */
  private IngestStep<UUID> application(HttpRequest request) {
    Optional<String> header = present(request.header("application"));
    Optional<String> parameter = present(request.parameter("application"));
    if (header.isPresent() && parameter.isPresent() && !sameApplication(header, parameter)) {
      return refused(
          HttpResponse.detail(
              400, "The application header and the application query parameter differ."),
          null,
          "application header and parameter differ");
    }
    if (header.isEmpty() && parameter.isEmpty()) {
      return refused(
          HttpResponse.detail(
              401, "Authentication credentials were not provided: send the application header."),
          null,
          "no application header");
    }
    // The query parameter is for browsers: a request without custom headers (sendBeacon, or a
    // fetch with a text/plain body) is CORS-simple and needs no preflight.
    Optional<UUID> application = Uuids.parse(header.or(() -> parameter).orElseThrow());
    if (application.isEmpty()) {
      String source = header.isPresent() ? "application header" : "application query parameter";
      return refused(
          HttpResponse.detail(401, "Invalid " + source + ": it must be a valid UUID."),
          null,
          "malformed " + source);
    }
    return IngestStep.next(application.get());
  }

  /** The application, when the body is within the limit and in an encoding read here: 413, 415. */
  private IngestStep<UUID> withinLimits(HttpRequest request, UUID application) {
    if (request.body().length > maxBodyBytes) {
      return refused(
          HttpResponse.detail(413, "Request body is larger than " + maxBodyBytes + " bytes."),
          application.toString(),
          "body too large");
    }
    Optional<RequestBodies.DecodedBody.Refused> unsupported =
        RequestBodies.unsupported(RequestBodies.encodings(request));
    if (unsupported.isPresent()) {
      return refused(
          unsupported.get().response(), application.toString(), unsupported.get().problem());
    }
    return IngestStep.next(application);
  }

  /**
   * The sender, when the application is trusted and allows the request's origin: 401, 403; 503 when
   * the Applications table cannot be read.
   */
  private IngestStep<Sender> trusted(HttpRequest request, UUID application) {
    String applicationId = application.toString();
    Optional<String> origin = present(request.header("origin"));
    TrustedApplications.Trust trust;
    try {
      trust = trustOf.apply(application);
    } catch (SdkException e) {
      return unavailable(applicationId, "applications table unavailable: " + AwsErrors.describe(e));
    }
    if (!trust.trusted()) {
      return refused(
          HttpResponse.detail(401, "Untrusted application."),
          applicationId,
          "untrusted application");
    }
    if (!trust.allowsOrigin(origin)) {
      return refused(
          HttpResponse.detail(
              403, "The origin " + origin.get() + " may not send events for this application."),
          applicationId,
          "origin not allowed");
    }
    return IngestStep.next(new Sender(application, clientContext(request)));
  }

  /**
   * The body inflated (never past the body limit) and read as JSON: 413 or 400 for a gzip body that
   * cannot be inflated; 400 for what is not JSON, and for a number out of range, naming the field
   * that holds it.
   */
  private IngestStep<Body> body(HttpRequest request, Sender sender) {
    byte[] bytes;
    switch (RequestBodies.decode(request, maxBodyBytes)) {
      case RequestBodies.DecodedBody.Refused refused -> {
        return refused(refused.response(), sender.id(), refused.problem());
      }
      case RequestBodies.DecodedBody.Bytes decoded -> bytes = decoded.bytes();
    }
    String text;
    try {
      text = strictUtf8(bytes);
    } catch (IOException e) {
      return notJson(e, sender);
    }
    try {
      return IngestStep.next(new Body(sender, parse(text)));
    } catch (NumberOutOfRangeException e) {
      return refused(
          HttpResponse.json(400, EnvelopeValidator.numberOutOfRange(e.where(), isArray(text))),
          sender.id(),
          "number out of range");
    } catch (IOException e) {
      return notJson(e, sender);
    }
  }

  private static <T> IngestStep<T> notJson(IOException e, Sender sender) {
    return refused(
        HttpResponse.detail(400, "JSON parse error - " + describe(e)), sender.id(), "not JSON");
  }

  /** The events, when every envelope is well formed: 400 with DRF's errors otherwise. */
  private IngestStep<Admitted> envelope(Body body) {
    UUID application = body.sender().application();
    return switch (validator.validate(
        body.json(), application, EventTimestamps.normalize(clock.instant()))) {
      case EnvelopeResult.Rejected rejected ->
          refused(
              HttpResponse.json(400, rejected.errors()), body.sender().id(), "invalid envelope");
      case EnvelopeResult.Accepted accepted ->
          IngestStep.next(new Admitted(body.sender(), accepted));
    };
  }

  /**
   * What API Gateway says about the sender; the address truncated, or left out when not captured.
   */
  private ClientContext clientContext(HttpRequest request) {
    return new ClientContext(
        request.userAgent(), captureClientAddress ? request.sourceIp() : Optional.empty());
  }

  /** The events put on the queue and echoed with a 202; 503 when the queue cannot take them. */
  private IngestOutcome enqueue(Admitted admitted) {
    EnvelopeResult.Accepted accepted = admitted.events();
    String applicationId = admitted.sender().id();
    ClientContext context = admitted.sender().context();
    List<Event> events =
        context.isEmpty()
            ? accepted.events()
            : accepted.events().stream().map(event -> event.withContext(context)).toList();
    try {
      queue.send(events);
    } catch (QueueUnavailableException e) {
      return outcome(unavailableResponse(), applicationId, e.getMessage());
    } catch (QueueRefusedException e) {
      // The envelope check keeps out what SQS refuses; should SQS still refuse, a retry cannot
      // help, so the client hears it is its content, not an outage.
      return outcome(
          HttpResponse.json(
              400,
              nonFieldError(
                  "The queue refused this content; it cannot be accepted as sent. Some events of"
                      + " an array may have been queued: their ids are derived from content, so"
                      + " sending the corrected array again stores each event once.")),
          applicationId,
          e.getMessage());
    }
    JsonNode echo;
    if (accepted.batch()) {
      ArrayNode array = ExactJson.MAPPER.createArrayNode();
      accepted.events().forEach(event -> array.add(EventCodec.toSeedJson(event)));
      echo = array;
    } else {
      Event event = accepted.events().getFirst();
      echo = EventCodec.toSeedJson(event);
    }
    return new IngestOutcome(
        HttpResponse.json(202, echo), applicationId, accepted.events().size(), null);
  }

  private static Optional<String> present(Optional<String> value) {
    return value.map(String::strip).filter(text -> !text.isEmpty());
  }

  /** The same UUID however spelled; otherwise the same text. */
  private static boolean sameApplication(Optional<String> header, Optional<String> parameter) {
    Optional<UUID> fromHeader = Uuids.parse(header.get());
    Optional<UUID> fromParameter = Uuids.parse(parameter.get());
    return fromHeader.isPresent()
        ? fromHeader.equals(fromParameter)
        : header.get().equals(parameter.get());
  }

  /**
   * The body is read as JSON whatever its Content-Type: browsers send text/plain to skip CORS. Its
   * numbers must be ones an event may carry ({@link JsonNumbers}), wherever they are, even in a
   * field the envelope ignores: a number that cannot be read fails the whole text.
   *
   * @throws NumberOutOfRangeException at the first number out of range
   */
  private static JsonNode parse(String text) throws IOException {
    JsonNode node = ExactJson.read(text, JsonNumbers.Range.EVENT);
    if (node == null || node.isMissingNode()) {
      throw new IOException("the request body is empty");
    }
    return node;
  }

  /** Whether the text is an array, by its first character that is not JSON's white space. */
  private static boolean isArray(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return c == '[';
      }
    }
    return false;
  }

  /**
   * JSON is UTF-8 (RFC 8259 section 8.1). Jackson alone would guess UTF-16 or UTF-32 from the first
   * bytes and take overlong forms such as {@code C0 AF} for {@code /} or encoded surrogates; a
   * strict decoder refuses all of them, so what is stored is what the bytes say.
   */
  private static String strictUtf8(byte[] body) throws IOException {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new IOException("the body is not valid UTF-8");
    }
  }

  private static String describe(IOException e) {
    if (e instanceof JsonProcessingException json) {
      var location = json.getLocation();
      String where =
          location == null
              ? ""
              : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
      return json.getOriginalMessage() + where;
    }
    return e.getMessage();
  }

  private static JsonNode nonFieldError(String message) {
    ObjectNode errors = ExactJson.MAPPER.createObjectNode();
    errors.putArray("non_field_errors").add(message);
    return errors;
  }

  private static <T> IngestStep<T> refused(
      HttpResponse response, String application, String problem) {
    return new IngestStep.Answered<>(outcome(response, application, problem));
  }

  private static <T> IngestStep<T> unavailable(String application, String problem) {
    return new IngestStep.Answered<>(outcome(unavailableResponse(), application, problem));
  }

  private static IngestOutcome outcome(HttpResponse response, String application, String problem) {
    return new IngestOutcome(response, application, 0, problem);
  }

  private static HttpResponse unavailableResponse() {
    return HttpResponse.detail(503, "The Eye cannot take events right now; retry later.")
        .withHeader("retry-after", RETRY_AFTER_SECONDS);
  }
}
