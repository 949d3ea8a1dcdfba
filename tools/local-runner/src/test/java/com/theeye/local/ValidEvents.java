package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Generates events the ingest accepts and the processor stores as valid: a registered type from
 * {@code schemas/} in one of the spellings that name it, data its schema accepts (extra members of
 * any JSON, Unicode text with astral and control characters, numbers small, huge and tiny, nesting
 * up to the deepest level the ingest takes), any spelling of the session id and any timestamp
 * format the ingest reads. Every choice comes from the {@link Random} given, so a seed replays a
 * run.
 */
final class ValidEvents {

  /** The ingest's deepest {@code data}, itself level 1. */
  static final int MAX_DEPTH = 32;

  /** The ingest's default MAX_EVENT_BYTES: larger events are generated again. */
  static final int MAX_EVENT_BYTES = 32 * 1024;

  /**
   * Every timestamp lies in the {@link #WINDOW} from here: one time range query (at most 31 days)
   * reads them all.
   */
  static final Instant EARLIEST = Instant.parse("2024-02-01T00:00:00Z");

  static final Duration WINDOW = Duration.ofDays(30);

  /** Nodes one event's data may have, besides a deep chain: keeps events well under the limit. */
  private static final int NODE_BUDGET = 60;

  private static final JsonNodeFactory NODES = ExactJson.MAPPER.getNodeFactory();

  /** The keywords the generator understands at a schema's top and in its properties. */
  private static final Set<String> SCHEMA_KEYWORDS =
      Set.of(
          "$schema",
          "version",
          "title",
          "description",
          "type",
          "properties",
          "required",
          "additionalProperties");

  private static final Set<String> PROPERTY_KEYWORDS = Set.of("type", "description", "title");

  /** The characters SQS takes at the ends of its ranges, and others that need escaping. */
  private static final int[] EDGE_CODE_POINTS = {
    0x0, 0x1, 0x8, 0x9, 0xA, 0xC, 0xD, 0x1F, 0x20, 0x22, 0x2F, 0x5C, 0x7F, 0x80, 0xFF, 0x2028,
    0x2029, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0x10000, 0x1F441, 0x10FFFF
  };

  /** One registered type: how its category and name are spelled, and its schema. */
  record EventType(String file, String category, String name, ObjectNode schema) {}

  /**
   * One generated event: the JSON posted, and what the ingest must make of it: the session,
   * category and name as normalized, and the timestamp at microseconds.
   */
  record Generated(
      EventType type,
      ObjectNode posted,
      UUID session,
      String category,
      String name,
      Instant timestamp) {}

  private final List<EventType> types;

  private ValidEvents(List<EventType> types) {
    this.types = List.copyOf(types);
  }

  /**
   * Every type registered in {@code schemas}: {@code <category>/<name>.json}, the words of each
   * slug as category and name.
   *
   * @throws IllegalStateException when a schema uses a keyword the generator does not know: teach
   *     it, or its data would be invalid
   */
  static ValidEvents fromSchemas(Path schemas) {
    List<EventType> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(schemas)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        String relative = schemas.relativize(file).toString().replace('\\', '/');
        String[] parts = relative.substring(0, relative.length() - ".json".length()).split("/");
        ObjectNode schema =
            (ObjectNode) ExactJson.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        requireKnown(relative, schema);
        types.add(
            new EventType(
                relative, parts[0].replace('-', ' '), parts[1].replace('-', ' '), schema));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (types.isEmpty()) {
      throw new IllegalStateException("no schema in " + schemas);
    }
    return new ValidEvents(types);
  }

  List<EventType> types() {
    return types;
  }

  /** A new event, generated again until it fits MAX_EVENT_BYTES. */
  Generated next(Random random) {
    while (true) {
      Generated event = generate(random);
      if (EventCodec.write(event.posted()).getBytes(StandardCharsets.UTF_8).length
          <= MAX_EVENT_BYTES) {
        return event;
      }
    }
  }

  private Generated generate(Random random) {
    EventType type = types.get(random.nextInt(types.size()));
    UUID session = new UUID(random.nextLong(), random.nextLong());
    // Three spellings of each, so the category list stays short: every listed category is read
    // by a time range query.
    int spelling = random.nextInt(3);
    String category = spell(type.category(), spelling);
    String name = spell(type.name(), random.nextInt(3));
    Instant instant =
        EARLIEST
            .plusSeconds(random.nextLong(WINDOW.toSeconds()))
            .plusNanos(random.nextInt(1_000_000_000));
    int format = random.nextInt(5);
    ObjectNode data = data(type, random);
    ObjectNode posted =
        NODES
            .objectNode()
            .put("session_id", spellSession(session, random.nextInt(5)))
            .put("category", padded(category, random))
            .put("name", padded(name, random))
            .<ObjectNode>set("data", data)
            .put("timestamp", timestamp(instant, format));
    return new Generated(type, posted, session, category, name, meant(instant, format));
  }

  // --- the envelope ---

  private static String spell(String words, int spelling) {
    return switch (spelling) {
      case 0 -> words;
      case 1 -> words.toUpperCase(Locale.ROOT).replace(' ', '_');
      default ->
          words.replace(' ', '-').substring(0, 1).toUpperCase(Locale.ROOT)
              + words.replace(' ', '-').substring(1);
    };
  }

  /** White space around a category or name: the ingest trims it, as DRF's CharField. */
  private static String padded(String text, Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> " " + text;
      case 1 -> text + "\t";
      default -> text;
    };
  }

  private static String spellSession(UUID session, int spelling) {
    String canonical = session.toString();
    return switch (spelling) {
      case 0 -> canonical;
      case 1 -> canonical.toUpperCase(Locale.ROOT);
      case 2 -> canonical.replace("-", "");
      case 3 -> "{" + canonical + "}";
      default -> "urn:uuid:" + canonical;
    };
  }

  private static final DateTimeFormatter NAIVE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter NANOS_Z =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx")
          .withZone(ZoneOffset.ofHoursMinutes(-9, -30));
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssxx").withZone(ZoneOffset.ofHours(14));
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

  /** One of the formats the ingest reads (docs/API.md: Body); some carry less than the instant. */
  private static String timestamp(Instant instant, int format) {
    return switch (format) {
      case 0 -> NAIVE.format(instant);
      case 1 -> NANOS_Z.format(instant);
      case 2 -> OFFSET.format(instant);
      case 3 -> SECONDS.format(instant);
      default -> MINUTES.format(instant);
    };
  }

  /** The instant {@link #timestamp} names, at the microseconds the ingest keeps. */
  private static Instant meant(Instant instant, int format) {
    return switch (format) {
      case 0, 1 -> instant.truncatedTo(ChronoUnit.MICROS);
      case 2 -> instant.truncatedTo(ChronoUnit.MILLIS);
      case 3 -> instant.truncatedTo(ChronoUnit.SECONDS);
      default -> instant.truncatedTo(ChronoUnit.MINUTES);
    };
  }

  // --- data its schema accepts ---

  private static void requireKnown(String file, ObjectNode schema) {
    schema
        .fieldNames()
        .forEachRemaining(
            keyword -> {
              if (!SCHEMA_KEYWORDS.contains(keyword)) {
                throw unknown(file, keyword);
              }
            });
    schema
        .path("properties")
        .properties()
        .forEach(
            property ->
                property
                    .getValue()
                    .fieldNames()
                    .forEachRemaining(
                        keyword -> {
                          if (!PROPERTY_KEYWORDS.contains(keyword)) {
                            throw unknown(file, keyword);
                          }
                        }));
  }

  private static IllegalStateException unknown(String file, String keyword) {
    return new IllegalStateException(
        "schemas/"
            + file
            + " uses \""
            + keyword
            + "\", which ValidEvents cannot satisfy yet: teach it, so the round trip covers the"
            + " type");
  }

  private static ObjectNode data(EventType type, Random random) {
    int[] budget = {NODE_BUDGET};
    ObjectNode data = NODES.objectNode();
    List<String> required = new ArrayList<>();
    type.schema().path("required").forEach(r -> required.add(r.asText()));
    for (Map.Entry<String, JsonNode> property : type.schema().path("properties").properties()) {
      if (required.contains(property.getKey()) || random.nextBoolean()) {
        data.set(
            property.getKey(),
            ofType(property.getValue().path("type").asText(), random, 2, budget));
      }
    }
    if (type.schema().path("additionalProperties").asBoolean(true)) {
      for (int extra = random.nextInt(4); extra > 0; extra--) {
        data.set(key(random), value(random, 2, budget));
      }
      if (random.nextInt(6) == 0) {
        // Down to the deepest level the ingest takes, or one above: DynamoDB holds 31 as a map.
        data.set("deep", chain(MAX_DEPTH - random.nextInt(2), random));
      }
    }
    return data;
  }

  private static JsonNode ofType(String type, Random random, int level, int[] budget) {
    return switch (type) {
      case "string" -> NODES.textNode(text(random));
      case "object" -> object(random, level, budget);
      case "array" -> array(random, level, budget);
      case "number" -> NODES.numberNode(number(random));
      case "integer" -> NODES.numberNode(new BigInteger(random.nextInt(1, 120), random));
      case "boolean" -> NODES.booleanNode(random.nextBoolean());
      case "null" -> NODES.nullNode();
      default -> throw new IllegalStateException("no generator for type " + type);
    };
  }

  /** Any JSON value at {@code level} (data is level 1); containers only while one fits. */
  private static JsonNode value(Random random, int level, int[] budget) {
    budget[0]--;
    int kind = random.nextInt(level < MAX_DEPTH && budget[0] > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> NODES.textNode(text(random));
      case 1 -> NODES.numberNode(number(random));
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.nullNode();
      case 4 -> NODES.textNode("");
      case 5 -> object(random, level, budget);
      default -> array(random, level, budget);
    };
  }

  private static ObjectNode object(Random random, int level, int[] budget) {
    ObjectNode object = NODES.objectNode();
    for (int members = random.nextInt(4); members > 0; members--) {
      object.set(key(random), value(random, level + 1, budget));
    }
    return object;
  }

  private static ArrayNode array(Random random, int level, int[] budget) {
    ArrayNode array = NODES.arrayNode();
    for (int elements = random.nextInt(4); elements > 0; elements--) {
      array.add(value(random, level + 1, budget));
    }
    return array;
  }

  /** Objects and arrays by turns from level 2 down to {@code depth}, a scalar at the bottom. */
  private static JsonNode chain(int depth, Random random) {
    JsonNode node = NODES.objectNode().set(key(random), NODES.numberNode(number(random)));
    for (int level = depth - 1; level >= 2; level--) {
      node = level % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("l", node);
    }
    return node;
  }

  private static String key(Random random) {
    // Sometimes empty: DynamoDB takes no empty name, so such data is kept as text.
    return random.nextInt(12) == 0 ? "" : text(random);
  }

  /** Up to 12 code points of any plane; never a surrogate alone, U+FFFE nor U+FFFF. */
  static String text(Random random) {
    StringBuilder text = new StringBuilder();
    for (int length = random.nextInt(13); length > 0; length--) {
      int codePoint =
          switch (random.nextInt(6)) {
            case 0 -> EDGE_CODE_POINTS[random.nextInt(EDGE_CODE_POINTS.length)];
            case 1 -> random.nextInt(0x20, 0x7F);
            case 2 -> random.nextInt(0x80, 0xD800);
            case 3 -> random.nextInt(0xE000, 0xFFFE);
            case 4 -> random.nextInt(0x10000, 0x110000);
            default -> random.nextInt(0x1F300, 0x1FAFF);
          };
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }

  /**
   * Whole and decimal, small and huge: up to 45 digits at a scale of -140 to 140, so some lie past
   * DynamoDB's 38 digits or its range (1E-130 to 9.9...E+125) and the data is kept as text.
   */
  static BigDecimal number(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> BigDecimal.valueOf(random.nextInt(-1000, 1000));
      case 1 -> BigDecimal.valueOf(random.nextLong());
      case 2 ->
          new BigDecimal(new BigInteger(random.nextInt(1, 150), random), random.nextInt(-3, 8));
      default ->
          new BigDecimal(
              new BigInteger(random.nextInt(1, 150), random).multiply(sign(random)),
              random.nextInt(-140, 141));
    };
  }

  private static BigInteger sign(Random random) {
    return random.nextBoolean() ? BigInteger.ONE : BigInteger.ONE.negate();
  }
}
