package com.theeye.ingest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The paths of Segment's HTTP Tracking API The Eye answers, and the message type each implies:
 * {@code /v1/batch} and {@code /v1/import} carry a {@code batch} of messages of any type; the
 * others one message of their type, the one-letter ones being what analytics.js ({@code
 * @segment/analytics-next}) posts to.
 */
enum SegmentPath {
  BATCH("/v1/batch", null),
  IMPORT("/v1/import", null),
  TRACK("/v1/track", "track"),
  PAGE("/v1/page", "page"),
  SCREEN("/v1/screen", "screen"),
  IDENTIFY("/v1/identify", "identify"),
  GROUP("/v1/group", "group"),
  ALIAS("/v1/alias", "alias"),
  T("/v1/t", "track"),
  P("/v1/p", "page"),
  S("/v1/s", "screen"),
  I("/v1/i", "identify"),
  G("/v1/g", "group"),
  A("/v1/a", "alias");

  /** Every Segment path is below this prefix, which the template routes to the ingest function. */
  static final String PREFIX = "/v1/";

  private final String path;
  private final String type;

  SegmentPath(String path, String type) {
    this.path = path;
    this.type = type;
  }

  /** The path a request names, the trailing slash optional; empty for any other. */
  static Optional<SegmentPath> of(String requestPath) {
    return Arrays.stream(values())
        .filter(p -> requestPath.equals(p.path) || requestPath.equals(p.path + "/"))
        .findFirst();
  }

  /** Whether the path carries a batch of messages. */
  boolean batch() {
    return type == null;
  }

  /** The type of the one message a single-message path carries. */
  String type() {
    if (type == null) {
      throw new IllegalStateException(path + " carries a batch, not one type");
    }
    return type;
  }
}
