package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ClientContext;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.signing.CursorKeys;
import com.theeye.store.TrustedApplications;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code POST /api/v1/events/}: checks the sender is trusted and the envelope is well formed, puts
 * the events on the queue and answers 202 at once. Nothing here waits on storage. Other methods on
 * the API's paths, which the template routes here too, get 405. Segment's paths ({@code /v1/...})
 * go to {@link SegmentService}, which makes the same checks ({@link Admission}) and uses the same
 * queue. Each event of a 202 carries its {@link Receipt}, signed ({@link Receipts}); receipts are
 * answered by {@link ReceiptService} ({@code GET /api/v1/receipts/{receipt}}).
 */
public final class IngestService {

  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = Admission.RETRY_AFTER_SECONDS;

  private final Admission admission;
  private final EnvelopeValidator validator;
  private final EventQueue queue;
  private final int maxBodyBytes;
  private final Clock clock;
  private final SegmentService segment;
  private final Receipts receipts;
  private final ReceiptService receiptLookups;

  private IngestService(
      Admission admission,
      EnvelopeValidator validator,
      EventQueue queue,
      int maxBodyBytes,
      Clock clock,
      SegmentService segment,
      Receipts receipts,
      ReceiptService receiptLookups) {
    this.admission = admission;
    this.validator = validator;
    this.queue = queue;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
    this.segment = segment;
    this.receipts = receipts;
    this.receiptLookups = receiptLookups;
  }

  /**
   * Wires the service to real clients; the clients are built once by the caller and shared.
   *
   * @param receiptKeys the keys receipts are signed with: the cursor secret's
   */
  public static IngestService create(
      IngestConfig config,
      SqsClient sqs,
      DynamoDbClient dynamoDb,
      Clock clock,
      CursorKeys receiptKeys) {
    TrustedApplications trusted =
        new TrustedApplications(
            dynamoDb,
            config.applicationsTable(),
            config.trustedCacheTtl(),
            config.untrustedCacheTtl(),
            clock);
    Admission admission = new Admission(trusted::trust, config.captureClientAddress());
    EventQueue queue = new EventQueue(sqs, config.eventsQueueUrl());
    Receipts receipts = new Receipts(receiptKeys);
    return new IngestService(
        admission,
        new EnvelopeValidator(config.maxBatchEvents(), config.maxEventBytes()),
        queue,
        config.maxBodyBytes(),
        clock,
        new SegmentService(admission, queue, SegmentMessages.of(config), config, clock),
        receipts,
        new ReceiptService(
            admission,
            receipts,
            new ReceiptLookup(
                dynamoDb,
                config.eventsTable(),
                config.invalidEventsTable(),
                config.deletionsTable())));
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
   *
   * <p>Its receipts are signed with a throwaway key, so priming never reads the secret: SnapStart
   * runs it at init, which must not depend on Secrets Manager ({@link CursorKeys}).
   */
  IngestService forPriming(UUID primingApplication) {
    Admission alsoPriming = admission.alsoTrusting(primingApplication);
    EventQueue dryRun = queue.dryRun();
    Receipts throwaway =
        new Receipts(CursorKeys.fixed(UUID.randomUUID() + "-" + UUID.randomUUID()));
    return new IngestService(
        alsoPriming,
        validator,
        dryRun,
        maxBodyBytes,
        clock,
        segment.with(alsoPriming, dryRun),
        throwaway,
        receiptLookups.with(alsoPriming, throwaway));
  }

  /**
   * Answers one request, step by step: each step answers it or hands the next what it found. Cheap
   * checks come before the Applications table is read, and a body is inflated and parsed only for a
   * trusted sender.
   */
  IngestOutcome handle(HttpRequest request) {
    if (SegmentService.serves(request.path())) {
      return segment.handle(request);
    }
    if (ReceiptService.serves(request.path())) {
      return receiptLookups.handle(request);
    }
    return route(request)
        .then(Admission::application)
        .then(application -> withinLimits(request, application))
        .then(application -> admission.trusted(request, application))
        .then(sender -> body(request, sender))
        .then(this::envelope)
        .answer(this::enqueue);
  }

  /** A trusted sender's body, read as JSON. */
  private record Body(Sender sender, JsonNode json) {}

  /** A trusted sender's events, each with a well-formed envelope. */
  private record Admitted(Sender sender, EnvelopeResult.Accepted events) {}

  /** The request, when it is a POST to the events path: 404 or 405 otherwise. */
  private static IngestStep<HttpRequest> route(HttpRequest request) {
    Optional<ApiResource> resource = ApiResource.of(request.path());
    if (resource.isEmpty()) {
      return Admission.refused(HttpResponse.detail(404, "Not found."), null, "unknown path");
    }
    // The template routes every method no other function serves on the API's paths here (PUT,
    // PATCH, DELETE, HEAD), so that they get 405 as on any server, not API Gateway's 404.
    if (resource.get() != ApiResource.EVENTS || !request.method().equals("POST")) {
      return Admission.refused(
          resource.get().methodNotAllowed(request.method()), null, "method not allowed");
    }
    return IngestStep.next(request);
  }

  /** The application, when the body is within the limit and in an encoding read here: 413, 415. */
  private IngestStep<UUID> withinLimits(HttpRequest request, UUID application) {
    if (request.body().length > maxBodyBytes) {
      return Admission.refused(
          HttpResponse.detail(413, "Request body is larger than " + maxBodyBytes + " bytes."),
          application.toString(),
          "body too large");
    }
    Optional<RequestBodies.DecodedBody.Refused> unsupported =
        RequestBodies.unsupported(RequestBodies.encodings(request));
    if (unsupported.isPresent()) {
      return Admission.refused(
          unsupported.get().response(), application.toString(), unsupported.get().problem());
    }
    return IngestStep.next(application);
  }

  /**
   * The body inflated (never past the body limit) and read as JSON; a number out of range is named
   * by the field that holds it, under its index in an array.
   */
  private IngestStep<Body> body(HttpRequest request, Sender sender) {
    return admission
        .json(
            request,
            maxBodyBytes,
            sender.id(),
            at -> EnvelopeValidator.numberOutOfRange(at.where(), at.arrayBody()))
        .then(json -> IngestStep.next(new Body(sender, json)));
  }

  /** The events, when every envelope is well formed: 400 with DRF's errors otherwise. */
  private IngestStep<Admitted> envelope(Body body) {
    UUID application = body.sender().application();
    return switch (validator.validate(
        body.json(), application, EventTimestamps.normalize(clock.instant()))) {
      case EnvelopeResult.Rejected rejected ->
          Admission.refused(
              HttpResponse.json(400, rejected.errors()), body.sender().id(), "invalid envelope");
      case EnvelopeResult.Accepted accepted ->
          IngestStep.next(new Admitted(body.sender(), accepted));
    };
  }

  /** The events put on the queue and echoed with a 202; 503 when the queue cannot take them. */
  private IngestOutcome enqueue(Admitted admitted) {
    EnvelopeResult.Accepted accepted = admitted.events();
    String applicationId = admitted.sender().id();
    Optional<IngestOutcome> failed =
        send(queue, withContext(accepted.events(), admitted.sender().context()), applicationId);
    if (failed.isPresent()) {
      return failed.get();
    }
    // Receipts need the signing key: until it has been read (or while it cannot be), events are
    // still accepted, without receipts, rather than refused for want of one.
    boolean signed = receipts.unavailable().isEmpty();
    JsonNode echo;
    if (accepted.batch()) {
      ArrayNode array = ExactJson.MAPPER.createArrayNode();
      accepted.events().forEach(event -> array.add(echo(event, signed)));
      echo = array;
    } else {
      echo = echo(accepted.events().getFirst(), signed);
    }
    return new IngestOutcome(
        HttpResponse.json(202, echo),
        applicationId,
        accepted.events().size(),
        null,
        Optional.of(accepted.events().getFirst().receivedAt()));
  }

  /** The event as the 202 echoes it, with its receipt when receipts can be signed. */
  private ObjectNode echo(Event event, boolean signed) {
    ObjectNode json = EventCodec.toSeedJson(event);
    if (signed) {
      json.put("receipt", receipts.sign(Receipt.of(event)));
    }
    return json;
  }

  /** The events with what API Gateway says about their sender. */
  static List<Event> withContext(List<Event> events, ClientContext context) {
    return context.isEmpty()
        ? events
        : events.stream().map(event -> event.withContext(context)).toList();
  }

  /**
   * Puts every event on the queue; the answer to give instead of success when it cannot: 503 when
   * the queue is unreachable, 400 when it refused the content.
   */
  static Optional<IngestOutcome> send(EventQueue queue, List<Event> events, String applicationId) {
    try {
      queue.send(events);
      return Optional.empty();
    } catch (QueueUnavailableException e) {
      return Optional.of(
          Admission.outcome(Admission.unavailableResponse(), applicationId, e.getMessage()));
    } catch (QueueRefusedException e) {
      // The envelope check keeps out what SQS refuses; should SQS still refuse, a retry cannot
      // help, so the client hears it is its content, not an outage.
      return Optional.of(
          Admission.outcome(
              HttpResponse.json(
                  400,
                  nonFieldError(
                      "The queue refused this content; it cannot be accepted as sent. Some events"
                          + " of an array may have been queued: their ids are derived from"
                          + " content, so sending the corrected array again stores each event"
                          + " once.")),
              applicationId,
              e.getMessage()));
    }
  }

  private static JsonNode nonFieldError(String message) {
    ObjectNode errors = ExactJson.MAPPER.createObjectNode();
    errors.putArray("non_field_errors").add(message);
    return errors;
  }
}
