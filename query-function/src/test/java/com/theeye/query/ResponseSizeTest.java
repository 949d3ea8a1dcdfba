package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A page's proxy response stays under Lambda's 6 MB response payload however large its events: the
 * page ends before the event that would take it past {@link ResponseBudget#MAX_RESPONSE_BYTES}, and
 * its cursor goes on right after the last event it holds. Events stored by the real processor in
 * dynalite, read through the real handler.
 */
@ExtendWith(AwsEmulators.class)
class ResponseSizeTest {

  /** Lambda's synchronous response payload quota: 6 MB of 1,024 KB each. */
  private static final int LAMBDA_RESPONSE_QUOTA = 6 * 1024 * 1024;

  /** The ingest's largest MAX_EVENT_BYTES (template.yaml's MaxEventBytes MaxValue). */
  private static final int LARGEST_EVENT_BYTES = 200 * 1024;

  /** A cap low enough that a few dozen events of a few KB need several pages. */
  private static final int LOW_CAP = 32 * 1024;

  private static final UUID APP = UUID.randomUUID();
  private static final Instant T0 = Instant.parse("2026-02-20T08:00:00Z");
  private static final String EVENTS = "/api/v1/events/";
  private static final String INVALID = "/api/v1/invalid-events/";
  private static final Map<String, String> DAY =
      Map.of("from", "2026-02-20T00:00:00Z", "to", "2026-02-21T00:00:00Z");

  private final AwsTestEnvironment aws;

  ResponseSizeTest(AwsTestEnvironment aws) {
    this.aws = aws;
  }

  @Test
  void everyQueryPagesLargeEventsUnderTheCapEachEventExactlyOnce() {
    UUID session = UUID.randomUUID();
    List<Event> valid = new ArrayList<>();
    List<Event> invalid = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      Instant at = T0.plusSeconds(i);
      switch (i % 3) {
        case 0 -> valid.add(event(session, "page interaction", "pageview", null, 3000 + i, at));
        case 1 -> valid.add(event(session, "page interaction", "cta click", "buy", 2000, at));
        default -> valid.add(event(session, "form interaction", "submit", null, 4000, at));
      }
      if (i % 2 == 0) {
        // No element: kept as an invalid event, with the whole message.
        invalid.add(event(session, "page interaction", "cta click", null, 3500, at));
      }
    }
    try (QueryFixture eye = new QueryFixture(aws, Map.of(), LOW_CAP)) {
      eye.store(valid);
      eye.store(invalid);

      assertPagedUnderTheCap(
          eye,
          LOW_CAP,
          EVENTS,
          Map.of("session_id", session.toString()),
          inOrder(valid, e -> true));
      assertPagedUnderTheCap(
          eye,
          LOW_CAP,
          EVENTS,
          with(DAY, "category", "page interaction"),
          inOrder(valid, e -> e.category().equals("page interaction")));
      assertPagedUnderTheCap(
          eye,
          LOW_CAP,
          EVENTS,
          with(with(DAY, "category", "page interaction"), "name", "pageview"),
          inOrder(valid, e -> e.name().equals("pageview")));
      assertPagedUnderTheCap(eye, LOW_CAP, EVENTS, DAY, inOrder(valid, e -> true));
      assertPagedUnderTheCap(
          eye,
          LOW_CAP,
          INVALID,
          Map.of(
              "application",
              APP.toString(),
              "from",
              "2026-03-01T00:00:00Z",
              "to",
              "2026-03-02T00:00:00Z"),
          // All received at the same instant: by id.
          invalid.stream().map(Event::id).sorted().toList());
    }
  }

  @Test
  void theRealCapHoldsForTheLargestEventsEscapingAtTheirWorst() {
    // Every character of the text is astral: 4 bytes in the event's compact JSON, 12 once the
    // body is escaped inside the proxy response (a surrogate pair, \uD83D\uDC41). 12 such events
    // would take about 7.4 MB in one page.
    UUID session = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(largest(session, T0.plusSeconds(i), n -> text("\uD83D\uDC41", n)));
    }
    try (QueryFixture eye = new QueryFixture(aws)) {
      eye.store(events);

      List<QueryFixture.Answer> pages =
          assertPagedUnderTheCap(
              eye,
              ResponseBudget.MAX_RESPONSE_BYTES,
              EVENTS,
              Map.of("session_id", session.toString()),
              inOrder(events, e -> true));

      long total = pages.stream().mapToLong(QueryFixture.Answer::proxyBytes).sum();
      assertTrue(total > LAMBDA_RESPONSE_QUOTA, "one page would be over Lambda's quota: " + total);
      assertTrue(pages.size() > 1);
    }
  }

  @Test
  void theEventThatGrowsMostInItsAnswerStillFitsOnePage() {
    // 1e125 is 7 bytes with its comma in the event; DynamoDB keeps it as a number, and it comes
    // back with all 126 of its digits: the largest growth an accepted event can have.
    UUID session = UUID.randomUUID();
    Event event = largest(session, T0, n -> numbers(n));
    try (QueryFixture eye = new QueryFixture(aws)) {
      eye.store(List.of(event));

      QueryFixture.Answer answer =
          eye.get(Map.of("session_id", session.toString(), "limit", "1000"));

      assertEquals(200, answer.status());
      assertEquals(List.of(event.id()), ids(answer.body()));
      assertTrue(answer.proxyBytes() > 3_000_000, "grew about 18-fold: " + answer.proxyBytes());
      assertTrue(answer.proxyBytes() <= ResponseBudget.MAX_RESPONSE_BYTES);
      JsonNode numbers = answer.body().at("/results/0/data/numbers");
      assertEquals(event.data().get("numbers").size(), numbers.size());
      numbers.forEach(n -> assertEquals(0, n.decimalValue().compareTo(new BigDecimal("1e125"))));
    }
  }

  /**
   * Follows {@code next} with {@code limit=1000} to the end and checks every page: answered, under
   * {@code cap}, never empty, and full: the first result of the next page would not have fitted.
   * The results together are {@code expectedIds}, in order, each once.
   */
  private static List<QueryFixture.Answer> assertPagedUnderTheCap(
      QueryFixture eye, int cap, String path, Map<String, String> query, List<String> expectedIds) {
    List<QueryFixture.Answer> pages = new ArrayList<>();
    Map<String, String> parameters = with(query, "limit", "1000");
    while (true) {
      QueryFixture.Answer page = eye.get(path, parameters);
      assertEquals(200, page.status(), page.body()::toString);
      assertTrue(page.proxyBytes() <= cap, path + query + ": " + page.proxyBytes() + " > " + cap);
      assertTrue(!page.body().path("results").isEmpty(), "a page holds at least one event");
      if (!pages.isEmpty()) {
        // The page before with this page's first result too (its cursor is as long: every sort
        // key is a timestamp of fixed width and an id).
        JsonNode previous = pages.getLast().body();
        List<JsonNode> oneMore = new ArrayList<>();
        previous.path("results").forEach(oneMore::add);
        oneMore.add(page.body().at("/results/0"));
        int withOneMore =
            ResponseBudget.proxyResponseBytes(
                ResponseBudget.page(oneMore, previous.path("next").asText()));
        assertTrue(withOneMore > cap, "the page before ended only when the next did not fit");
      }
      pages.add(page);
      JsonNode next = page.body().path("next");
      if (next.isNull()) {
        break;
      }
      parameters = with(parameters, "cursor", next.asText());
    }
    List<String> ids = pages.stream().flatMap(p -> ids(p.body()).stream()).toList();
    assertEquals(expectedIds, ids, path + query);
    assertTrue(pages.size() > 1, path + query + " needed several pages");
    return pages;
  }

  /** An event with about {@code dataBytes} of text; a cta click without element is invalid. */
  private static Event event(
      UUID session, String category, String name, String element, int dataBytes, Instant at) {
    ObjectNode data =
        ExactJson.MAPPER.createObjectNode().put("host", "shop.example").put("path", "/");
    if (element != null) {
      data.put("element", element);
    }
    if (name.equals("submit")) {
      data.putObject("form").set("comment", text("\"é\uD83D\uDE00\\\n", dataBytes / 6));
    } else {
      data.set("notes", text("a\"\u0001", dataBytes / 8));
    }
    return QueryFixture.event(APP, session, category, name, EventCodec.write(data), at);
  }

  /**
   * A pageview as large as the ingest accepts at its largest MAX_EVENT_BYTES, counted as it counts:
   * the compact JSON of the posted envelope; its extra field made of {@code filler}'s elements.
   */
  private static Event largest(UUID session, Instant at, IntFunction<JsonNode> filler) {
    // Each element of the filler adds the same bytes: as many as fit.
    int one = postedBytes(session, at, filler.apply(1));
    int perElement = postedBytes(session, at, filler.apply(2)) - one;
    int elements = 1 + (LARGEST_EVENT_BYTES - one) / perElement;
    ObjectNode data = pageviewData(filler.apply(elements));
    assertTrue(postedBytes(session, at, filler.apply(elements)) <= LARGEST_EVENT_BYTES);
    assertTrue(postedBytes(session, at, filler.apply(elements + 1)) > LARGEST_EVENT_BYTES);
    return QueryFixture.event(
        APP, session, "page interaction", "pageview", EventCodec.write(data), at);
  }

  private static int postedBytes(UUID session, Instant at, JsonNode filler) {
    ObjectNode posted =
        ExactJson.MAPPER
            .createObjectNode()
            .put("session_id", session.toString())
            .put("category", "page interaction")
            .put("name", "pageview")
            .<ObjectNode>set("data", pageviewData(filler))
            .put("timestamp", EventTimestamps.format(at));
    return EventCodec.write(posted).getBytes(StandardCharsets.UTF_8).length;
  }

  private static ObjectNode pageviewData(JsonNode filler) {
    ObjectNode data = ExactJson.MAPPER.createObjectNode().put("host", "h").put("path", "/");
    return data.set(filler.isArray() ? "numbers" : "blob", filler);
  }

  private static JsonNode text(String unit, int count) {
    return ExactJson.MAPPER.getNodeFactory().textNode(unit.repeat(Math.max(count, 0)));
  }

  private static JsonNode numbers(int count) {
    ArrayNode numbers = ExactJson.MAPPER.createArrayNode();
    for (int i = 0; i < count; i++) {
      numbers.add(new BigDecimal("1e125"));
    }
    return numbers;
  }

  private static List<String> inOrder(List<Event> events, Predicate<Event> which) {
    return events.stream()
        .filter(which)
        .sorted(Comparator.comparing(Event::timestamp).thenComparing(Event::id))
        .map(Event::id)
        .toList();
  }

  private static List<String> ids(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.path("results").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
