package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

  private static final byte[] JSON = Seed.PAGEVIEW_BODY.getBytes(StandardCharsets.UTF_8);

  @Test
  void aPlainOrIdentityBodyIsTakenAsItCame() {
    for (Map<String, String> headers :
        java.util.List.of(Map.<String, String>of(), Map.of("content-encoding", "Identity"))) {
      var body =
          assertInstanceOf(
              RequestBodies.DecodedBody.Bytes.class,
              RequestBodies.decode(request(headers, JSON), 4096));
      assertArrayEquals(JSON, body.bytes());
    }
  }

  @Test
  void aGzipBodyIsInflated() {
    for (String encoding : java.util.List.of("gzip", "GZIP", "x-gzip", "identity, gzip")) {
      var body =
          assertInstanceOf(
              RequestBodies.DecodedBody.Bytes.class,
              RequestBodies.decode(
                  request(Map.of("content-encoding", encoding), gzip(JSON)), 4096));
      assertArrayEquals(JSON, body.bytes(), encoding);
    }
  }

  @Test
  void otherEncodingsAre415NamingThem() {
    for (String encoding : java.util.List.of("br", "deflate", "gzip, gzip", "zstd")) {
      var refused =
          assertInstanceOf(
              RequestBodies.DecodedBody.Refused.class,
              RequestBodies.decode(request(Map.of("content-encoding", encoding), JSON), 4096));
      assertEquals(415, refused.response().status());
      assertEquals(
          "Unsupported Content-Encoding \""
              + encoding
              + "\" in request: send the body as is or gzip-compressed.",
          refused.response().body().get("detail").asText());
    }
  }

  @Test
  void aBodyLargerThanTheLimitOnceInflatedIs413() {
    var refused =
        assertInstanceOf(
            RequestBodies.DecodedBody.Refused.class,
            RequestBodies.decode(
                request(Map.of("content-encoding", "gzip"), gzip(new byte[4097])), 4096));

    assertEquals(413, refused.response().status());
    assertEquals(
        "Request body is larger than 4096 bytes once decompressed.",
        refused.response().body().get("detail").asText());
  }

  @Test
  void aZipBombIsGivenUpAfterTheLimitWithoutInflatingTheRest() {
    // 1 GiB of zeros in under 1 MiB: 100 gzip members of 10 MiB each, which gzip reads as one body.
    byte[] member = gzip(new byte[10 * 1024 * 1024]);
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    for (int i = 0; i < 100; i++) {
      bomb.writeBytes(member);
    }
    CountingStream compressed = new CountingStream(new ByteArrayInputStream(bomb.toByteArray()));

    long started = System.nanoTime();
    var refused =
        assertInstanceOf(
            RequestBodies.DecodedBody.Refused.class, RequestBodies.gunzip(compressed, 1024 * 1024));
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(413, refused.response().status());
    assertTrue(
        compressed.read < bomb.size() / 50,
        "read " + compressed.read + " of " + bomb.size() + " compressed bytes");
    assertTrue(elapsedMillis < 2_000, elapsedMillis + " ms");
  }

  @Test
  void aBrokenGzipBodyIs400() {
    byte[] truncated = java.util.Arrays.copyOf(gzip(JSON), 20);
    for (byte[] body : new byte[][] {JSON, truncated, new byte[0]}) {
      var refused =
          assertInstanceOf(
              RequestBodies.DecodedBody.Refused.class,
              RequestBodies.decode(request(Map.of("content-encoding", "gzip"), body), 4096));
      assertEquals(400, refused.response().status());
      assertTrue(
          refused
              .response()
              .body()
              .get("detail")
              .asText()
              .startsWith("The gzip-encoded body cannot be decompressed: "),
          refused.response().body()::toString);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static HttpRequest request(Map<String, String> headers, byte[] body) {
    return new HttpRequest("POST", "/api/v1/events/", headers, Map.of(), body);
  }

  /** Counts the compressed bytes the inflater pulled. */
  private static final class CountingStream extends FilterInputStream {
    long read;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b != -1) {
        read++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        read += n;
      }
      return n;
    }
  }
}
