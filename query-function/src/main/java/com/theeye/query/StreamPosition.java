package com.theeye.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a reader of {@link StreamArrivals} is: for each stream ({@code e} Events, {@code i}
 * InvalidEvents) the shards it follows, each with a {@link Mark}, and the earliest arrival time it
 * wants. Written as compact JSON ({@code {"f":<epoch ms>,"e":{"shardId-...":"s:4711..."},"i":{}}})
 * inside a signed cursor.
 *
 * @param from arrivals received before this are skipped
 * @param streams stream key, then shard id, then mark; in the order they are read
 */
record StreamPosition(Instant from, Map<String, Map<String, Mark>> streams) {

  StreamPosition {
    Objects.requireNonNull(from, "from");
    Map<String, Map<String, Mark>> copy = new LinkedHashMap<>();
    streams.forEach((stream, shards) -> copy.put(stream, new LinkedHashMap<>(shards)));
    streams = copy;
  }

  /** Where a shard's reading stands. */
  sealed interface Mark {
    String text();

    /**
     * @throws IllegalArgumentException for text no mark writes
     */
    static Mark parse(String text) {
      if (text.equals("h")) {
        return new Horizon();
      }
      if (text.equals("x")) {
        return new Finished();
      }
      if (text.startsWith("s:") && text.length() > 2) {
        return new After(text.substring(2));
      }
      if (text.startsWith("i:")) {
        int colon = text.indexOf(':', 2);
        if (colon > 2 && colon < text.length() - 1) {
          try {
            return new Iterator(
                text.substring(colon + 1),
                Instant.ofEpochMilli(Long.parseLong(text.substring(2, colon))));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a shard mark: " + text, e);
          }
        }
      }
      throw new IllegalArgumentException("not a shard mark: " + text);
    }
  }

  /** Read up to this sequence number: go on right after it. */
  record After(String sequenceNumber) implements Mark {
    @Override
    public String text() {
      return "s:" + sequenceNumber;
    }
  }

  /**
   * Nothing read from the shard yet; this iterator, issued at {@code issued}, goes on from where
   * the reader is (a shard iterator expires 15 minutes after it is issued).
   */
  record Iterator(String iterator, Instant issued) implements Mark {
    @Override
    public String text() {
      return "i:" + issued.toEpochMilli() + ":" + iterator;
    }
  }

  /** Nothing read from the shard yet: read it from its oldest record. */
  record Horizon() implements Mark {
    @Override
    public String text() {
      return "h";
    }
  }

  /** Closed and read to its end; kept until its child shards are found. */
  record Finished() implements Mark {
    @Override
    public String text() {
      return "x";
    }
  }

  String encode() {
    ObjectNode node = ExactJson.MAPPER.createObjectNode();
    node.put("f", from.toEpochMilli());
    streams.forEach(
        (stream, shards) -> {
          ObjectNode marks = node.putObject(stream);
          shards.forEach((shard, mark) -> marks.put(shard, mark.text()));
        });
    return EventCodec.write(node);
  }

  /**
   * @throws IllegalArgumentException for text {@link #encode} does not write
   */
  static StreamPosition decode(String text) {
    JsonNode node;
    try {
      node = ExactJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a stream position", e);
    }
    if (node == null || !node.isObject() || !node.path("f").canConvertToLong()) {
      throw new IllegalArgumentException("not a stream position");
    }
    Map<String, Map<String, Mark>> streams = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> stream : node.properties()) {
      if (stream.getKey().equals("f")) {
        continue;
      }
      if (!stream.getValue().isObject()) {
        throw new IllegalArgumentException("not a stream position");
      }
      Map<String, Mark> shards = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> shard : stream.getValue().properties()) {
        shards.put(shard.getKey(), Mark.parse(shard.getValue().asText()));
      }
      streams.put(stream.getKey(), shards);
    }
    return new StreamPosition(Instant.ofEpochMilli(node.path("f").asLong()), streams);
  }
}
