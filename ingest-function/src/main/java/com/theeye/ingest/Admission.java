package com.theeye.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.aws.AwsErrors;
import com.theeye.event.ClientContext;
import com.theeye.event.ExactJson;
import com.theeye.event.JsonNumbers;
import com.theeye.event.NumberOutOfRangeException;
import com.theeye.event.Uuids;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.store.TrustedApplications;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The checks every path that takes events makes, the native API's and Segment's alike: the sender
 * is a trusted application that allows the request's origin, and the body is JSON within the size
 * limit (gzip inflated, strict UTF-8, numbers an event may carry). Each returns an {@link
 * IngestStep}: what the next step needs, or the answer.
 */
final class Admission {

  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  /**
   * Whether an application may send events, and from which origins: {@link
   * TrustedApplications#trust} for the live service; throws {@link SdkException} when the table
   * cannot be read.
   */
  private final Function<UUID, TrustedApplications.Trust> trustOf;

  private final boolean captureClientAddress;

  /**
   * @param captureClientAddress whether the sender's truncated address is stored with its events
   */
  Admission(Function<UUID, TrustedApplications.Trust> trustOf, boolean captureClientAddress) {
    this.trustOf = trustOf;
    this.captureClientAddress = captureClientAddress;
  }

  /** The same checks, but {@code alsoTrusted} is trusted from any origin without a lookup. */
  Admission alsoTrusting(UUID alsoTrusted) {
    return new Admission(
        application ->
            application.equals(alsoTrusted)
                ? TrustedApplications.Trust.ANY_ORIGIN
                : trustOf.apply(application),
        captureClientAddress);
  }

  /**
   * The application the request names, by header or, for browsers, by query parameter: 400 when the
   * two differ, 401 when neither is there or it is no UUID.
   */
  static IngestStep<UUID> application(HttpRequest request) {
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

  /** The same UUID however spelled; otherwise the same text. */
  private static boolean sameApplication(Optional<String> header, Optional<String> parameter) {
    Optional<UUID> fromHeader = Uuids.parse(header.get());
    Optional<UUID> fromParameter = Uuids.parse(parameter.get());
    return fromHeader.isPresent()
        ? fromHeader.equals(fromParameter)
        : header.get().equals(parameter.get());
  }

  /**
   * The sender, when the application is trusted and allows the request's origin: 401, 403; 503 when
   * the Applications table cannot be read.
   */
  IngestStep<Sender> trusted(HttpRequest request, UUID application) {
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
   * The body inflated (never past {@code maxBytes}) and read as JSON: 413 or 400 for a gzip body
   * that cannot be inflated; 400 for what is not JSON, and for a number out of range, with the
   * errors {@code outOfRange} makes of where it is.
   *
   * @param application the sender's id as given, for the log; null when not known yet
   */
  IngestStep<JsonNode> json(
      HttpRequest request,
      int maxBytes,
      String application,
      Function<OutOfRange, ObjectNode> outOfRange) {
    byte[] bytes;
    switch (RequestBodies.decode(request, maxBytes)) {
      case RequestBodies.DecodedBody.Refused refused -> {
        return refused(refused.response(), application, refused.problem());
      }
      case RequestBodies.DecodedBody.Bytes decoded -> bytes = decoded.bytes();
    }
    String text;
    try {
      text = strictUtf8(bytes);
    } catch (IOException e) {
      return notJson(e, application);
    }
    try {
      return IngestStep.next(parse(text));
    } catch (NumberOutOfRangeException e) {
      return refused(
          HttpResponse.json(400, outOfRange.apply(new OutOfRange(e.where(), isArray(text)))),
          application,
          "number out of range");
    } catch (IOException e) {
      return notJson(e, application);
    }
  }

  /** Where a number out of range was found, and whether the body is an array. */
  record OutOfRange(JsonPointer where, boolean arrayBody) {}

  /**
   * What API Gateway says about the sender; the address truncated, or left out when not captured.
   */
  private ClientContext clientContext(HttpRequest request) {
    return new ClientContext(
        request.userAgent(), captureClientAddress ? request.sourceIp() : Optional.empty());
  }

  static Optional<String> present(Optional<String> value) {
    return value.map(String::strip).filter(text -> !text.isEmpty());
  }

  private static <T> IngestStep<T> notJson(IOException e, String application) {
    return refused(
        HttpResponse.detail(400, "JSON parse error - " + describe(e)), application, "not JSON");
  }

  /**
   * The body is read as JSON whatever its Content-Type: browsers send text/plain to skip CORS, and
   * RudderStack's Node SDK labels its JSON form-encoded. Its numbers must be ones an event may
   * carry ({@link JsonNumbers}), wherever they are, even in a field the envelope ignores: a number
   * that cannot be read fails the whole text.
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

  static <T> IngestStep<T> refused(HttpResponse response, String application, String problem) {
    return new IngestStep.Answered<>(outcome(response, application, problem));
  }

  static <T> IngestStep<T> unavailable(String application, String problem) {
    return new IngestStep.Answered<>(outcome(unavailableResponse(), application, problem));
  }

  static IngestOutcome outcome(HttpResponse response, String application, String problem) {
    return new IngestOutcome(response, application, 0, problem);
  }

  static HttpResponse unavailableResponse() {
    return HttpResponse.detail(503, "The Eye cannot take events right now; retry later.")
        .withHeader("retry-after", RETRY_AFTER_SECONDS);
  }
}
