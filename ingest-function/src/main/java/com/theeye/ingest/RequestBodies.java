package com.theeye.ingest;

import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Undoes a request's {@code Content-Encoding}: none (or {@code identity}) and {@code gzip} are
 * understood, anything else is refused with 415. A gzip body is inflated as a stream and given up
 * as soon as it grows past the body limit, so a zip bomb costs at most that many bytes of work.
 */
final class RequestBodies {

  private RequestBodies() {}

  /** The body to parse, or why there is none. */
  sealed interface DecodedBody {
    record Bytes(byte[] bytes) implements DecodedBody {}

    record Refused(HttpResponse response, String problem) implements DecodedBody {}
  }

  /**
   * The encodings the header lists, lower case, {@code identity} left out; empty for a plain body.
   */
  static List<String> encodings(HttpRequest request) {
    List<String> encodings = new ArrayList<>();
    for (String token : request.header("content-encoding").orElse("").split(",")) {
      String encoding = token.strip().toLowerCase(Locale.ROOT);
      if (!encoding.isEmpty() && !encoding.equals("identity")) {
        encodings.add(encoding);
      }
    }
    return encodings;
  }

  /** The 415 for a body in an encoding other than gzip, or empty when it can be read. */
  static Optional<DecodedBody.Refused> unsupported(List<String> encodings) {
    if (encodings.isEmpty() || (encodings.size() == 1 && isGzip(encodings.getFirst()))) {
      return Optional.empty();
    }
    String named = String.join(", ", encodings);
    return Optional.of(
        new DecodedBody.Refused(
            HttpResponse.detail(
                415,
                "Unsupported Content-Encoding \""
                    + named
                    + "\" in request: send the body as is or gzip-compressed."),
            "unsupported content encoding " + named));
  }

  /**
   * The decoded body: as it came, or inflated when the request is gzip-encoded.
   *
   * @param maxBytes the largest body accepted once inflated; a larger one gets 413
   */
  static DecodedBody decode(HttpRequest request, int maxBytes) {
    List<String> encodings = encodings(request);
    Optional<DecodedBody.Refused> unsupported = unsupported(encodings);
    if (unsupported.isPresent()) {
      return unsupported.get();
    }
    if (encodings.isEmpty()) {
      return new DecodedBody.Bytes(request.body());
    }
    return gunzip(new ByteArrayInputStream(request.body()), maxBytes);
  }

  /** Inflates at most {@code maxBytes + 1} bytes of {@code compressed}, then stops. */
  static DecodedBody gunzip(InputStream compressed, int maxBytes) {
    ByteArrayOutputStream inflated = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    try (GZIPInputStream gzip = new GZIPInputStream(compressed, buffer.length)) {
      int read;
      while ((read = gzip.read(buffer)) != -1) {
        inflated.write(buffer, 0, read);
        if (inflated.size() > maxBytes) {
          return new DecodedBody.Refused(
              HttpResponse.detail(
                  413, "Request body is larger than " + maxBytes + " bytes once decompressed."),
              "body too large once decompressed");
        }
      }
    } catch (IOException e) {
      String reason = e.getMessage() == null ? "the gzip stream ends early" : e.getMessage();
      return new DecodedBody.Refused(
          HttpResponse.detail(400, "The gzip-encoded body cannot be decompressed: " + reason + "."),
          "malformed gzip body");
    }
    return new DecodedBody.Bytes(inflated.toByteArray());
  }

  private static boolean isGzip(String encoding) {
    return encoding.equals("gzip") || encoding.equals("x-gzip");
  }
}
