package com.theeye.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.http.ApiGatewayEvents;
import com.theeye.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The bytes one page's answer may take: results are admitted in page order while the proxy response
 * Lambda returns ({@link ApiGatewayEvents#encode}: the body JSON-escaped inside it, the headers,
 * the {@code next} cursor) stays within {@link #MAX_RESPONSE_BYTES}. The page ends before the first
 * result that would not fit, and its cursor continues right after the last one admitted, so a page
 * of large events is answered in several pages instead of failing. Exact, not estimated: the size
 * counted is the size written.
 */
final class ResponseBudget {

  /**
   * Lambda returns at most 6 MB (6,291,456 bytes: its quotas count a MB as 1,024 KB) from a
   * synchronous invocation, the way API Gateway calls a function ("Invocation payload (request and
   * response)", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); a larger
   * response fails the invocation and API Gateway answers 502. 5 MiB keeps a margin below it and
   * still holds the largest single result (see {@link #admit}).
   */
  static final int MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

  /** The proxy response of a page with no results and {@code "next": null}. */
  private static final int EMPTY_PAGE_BYTES = proxyResponseBytes(emptyPage());

  private final int maxResponseBytes;
  private final ToIntFunction<String> cursorLength;
  private final List<ObjectNode> results = new ArrayList<>();
  private long resultBytes;

  /**
   * @param maxResponseBytes the most the proxy response may take; {@link #MAX_RESPONSE_BYTES} but
   *     in tests
   * @param cursorLength the length of the cursor that continues after a given sort key
   */
  ResponseBudget(int maxResponseBytes, ToIntFunction<String> cursorLength) {
    this.maxResponseBytes = maxResponseBytes;
    this.cursorLength = cursorLength;
  }

  /**
   * Adds {@code result}, whose sort key is {@code sortKey}, when the page's response, ending after
   * it with a cursor, still fits; otherwise adds nothing and answers false. A cursor is counted
   * even for what may turn out to be the last page: {@code null} is never longer.
   *
   * <p>The first result of a page always fits: an event is at most 200 KiB of compact JSON (the
   * ingest's largest {@code MAX_EVENT_BYTES}), and its result grows at most about 18-fold (a number
   * such as {@code 1e125}, 7 bytes in a list, comes back with its 126 digits; text at most triples:
   * an astral character's 4 bytes are 12 once escaped in the proxy response), about 3.7 MB; an
   * invalid event is one DynamoDB item of at most 400 KB, at most 7 bytes a byte once escaped twice
   * (a control character), 2.8 MB. A result that does not fit alone is a broken invariant, not a
   * page to skip: it fails loudly here rather than as Lambda's 502.
   *
   * @throws IllegalStateException when the page holds nothing yet and {@code result} alone does not
   *     fit
   */
  boolean admit(ObjectNode result, String sortKey) {
    long bytes = escapedBytes(result);
    long separator = results.isEmpty() ? 0 : 1;
    long total = responseBytes(cursorLength.applyAsInt(sortKey)) + separator + bytes;
    if (total > maxResponseBytes) {
      if (results.isEmpty()) {
        throw new IllegalStateException(
            "one result ("
                + sortKey
                + ") takes "
                + total
                + " bytes of proxy response, more than the "
                + maxResponseBytes
                + " a page may take: no page can serve it");
      }
      return false;
    }
    results.add(result);
    resultBytes += separator + bytes;
    return true;
  }

  /** The results admitted, in page order. */
  List<ObjectNode> results() {
    return List.copyOf(results);
  }

  /**
   * The bytes of the proxy response of the results admitted so far, followed by {@code next}: a
   * cursor of {@code cursorLength} characters, or null when negative.
   */
  long responseBytes(int cursorLength) {
    // "next": null becomes "next": "<cursor>", each quote escaped: \"<cursor>\" is as long as the
    // cursor plus the four characters of null.
    return EMPTY_PAGE_BYTES + resultBytes + Math.max(cursorLength, 0);
  }

  /** The page body: {@code {"results": [...], "next": cursor|null}}. */
  static ObjectNode page(List<? extends JsonNode> results, String next) {
    ObjectNode body = ExactJson.MAPPER.createObjectNode();
    body.putArray("results").addAll(results);
    if (next == null) {
      body.putNull("next");
    } else {
      body.put("next", next);
    }
    return body;
  }

  /**
   * The bytes {@code node} takes inside the proxy response: its JSON, written again as a JSON
   * string by the same writer, less the two quotes. Measured, not reckoned: that writer escapes
   * more than JSON requires (an astral character becomes a surrogate pair of 12 bytes, {@code
   * \uD83D\uDE00}, not 4 bytes of UTF-8).
   */
  private static long escapedBytes(JsonNode node) {
    ByteCounter counter = new ByteCounter();
    try {
      ExactJson.MAPPER.writeValue(counter, TextNode.valueOf(EventCodec.write(node)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counter.count - 2;
  }

  /** Counts what is written and keeps none of it. */
  private static final class ByteCounter extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }

  private static ObjectNode emptyPage() {
    return page(List.of(), null);
  }

  /** The bytes {@link ApiGatewayEvents#encode} writes for a 200 with {@code body}. */
  static int proxyResponseBytes(JsonNode body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ApiGatewayEvents.encode(HttpResponse.json(200, body), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }
}
