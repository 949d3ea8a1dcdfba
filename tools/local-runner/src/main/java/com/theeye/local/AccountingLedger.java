package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.AccountingReader;
import com.theeye.accounting.EventTally;
import com.theeye.accounting.MinuteTally;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The accounting on one machine, where CloudWatch is not: every count of every event, one line each
 * in the data folder's {@value #FILE}, written before the request or batch it counts is answered,
 * and read back at start. A count is keyed by the accept it belongs to ({@link EventTally#key()}):
 * an event's outcome counted again (a redelivery, or a body the journal put back after a {@code
 * kill -9}) replaces the one before, so every accept has at most one outcome, and the minutes
 * reconcile exactly. Each line is one write to the file: the operating system keeps it through a
 * {@code kill -9} of the runner (not through a power cut, as the journal's lines do not either).
 * The processor's counts arrive through {@link #accept}; the ingest's from {@link
 * AcceptanceCounter}.
 */
final class AccountingLedger
    implements AccountingReader, Consumer<List<EventTally>>, AutoCloseable {

  static final String FILE = "accounting/ledger.jsonl";

  /** What one accept counts so far. */
  private static final class Entry {
    boolean accepted;
    AccountingMetric outcome;
    String reason;
  }

  private final Path file;
  private final FileChannel channel;
  // A write that failed may have left part of a line (a full disk): the next one starts a new line.
  private boolean cut; // guarded by this
  // application -> minute -> accept key -> entry
  private final Map<UUID, TreeMap<Instant, Map<String, Entry>>> minutes = new HashMap<>();

  private AccountingLedger(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Opens the ledger of {@code dataDirectory}, reading back what it holds. */
  static AccountingLedger open(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolve(FILE);
    Files.createDirectories(file.getParent());
    AccountingLedger ledger =
        new AccountingLedger(
            file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    if (Files.size(file) > 0) {
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        lines.forEach(ledger::replay);
      }
      ledger.endCutLine();
    }
    return ledger;
  }

  /** Ends a line a kill -9 cut short, so the next line is not glued to it. */
  private void endCutLine() throws IOException {
    try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      reader.read(last, reader.size() - 1);
      if (last.get(0) != '\n') {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    }
  }

  Path file() {
    return file;
  }

  /** Counts the processor's outcomes (the {@code ProcessorHandler}'s hook). */
  @Override
  public void accept(List<EventTally> tallies) {
    record(tallies.stream().map(t -> line(t, t.metric().name(), t.reason())).toList());
  }

  /** Counts events the ingest put on the queue. */
  void accepted(List<EventTally> events) {
    record(
        events.stream()
            .map(t -> line(t, AccountingMetric.ACCEPTED.name(), Optional.empty()))
            .toList());
  }

  /** Takes back {@link #accepted} counts whose send failed: the ingest did not answer 202. */
  void notAccepted(List<EventTally> events) {
    record(events.stream().map(t -> line(t, NOT_ACCEPTED, Optional.empty())).toList());
  }

  private static final String NOT_ACCEPTED = "NOT_ACCEPTED";

  @Override
  public synchronized List<MinuteTally> read(UUID application, Instant from, Instant to) {
    TreeMap<Instant, Map<String, Entry>> byMinute = minutes.get(application);
    if (byMinute == null || !from.isBefore(to)) {
      return List.of();
    }
    List<MinuteTally> tallies = new ArrayList<>();
    byMinute
        .subMap(from, true, to, false)
        .forEach(
            (minute, entries) -> {
              MinuteTally tally = new MinuteTally(application, minute);
              for (Entry entry : entries.values()) {
                if (entry.accepted) {
                  tally.add(AccountingMetric.ACCEPTED, 1);
                }
                if (entry.outcome == AccountingMetric.INVALID) {
                  tally.add(AccountingMetric.INVALID, entry.reason, 1);
                } else if (entry.outcome != null) {
                  tally.add(entry.outcome, 1);
                }
              }
              if (!tally.isEmpty()) {
                tallies.add(tally);
              }
            });
    return tallies;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  private static ObjectNode line(EventTally tally, String what, Optional<String> reason) {
    ObjectNode line = ExactJson.MAPPER.createObjectNode();
    line.put("id", tally.eventId());
    line.put("application", tally.application().toString());
    line.put("received_at", EventTimestamps.format(tally.receivedAt()));
    line.put("count", what);
    reason.ifPresent(r -> line.put("reason", r));
    return line;
  }

  /** Writes the lines, then applies them: what is applied is on disk. */
  private synchronized void record(List<ObjectNode> lines) {
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder(cut ? "\n" : "");
    lines.forEach(line -> text.append(EventCodec.write(line)).append('\n'));
    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      cut = true;
      throw new UncheckedIOException("the accounting ledger " + file + " cannot be written", e);
    }
    cut = false;
    lines.forEach(this::apply);
  }

  // A line cut short by a kill -9 is the last one; it counts nothing, as its batch was not
  // answered.
  private void replay(String text) {
    try {
      apply((ObjectNode) ExactJson.MAPPER.readTree(text));
    } catch (IOException | RuntimeException e) {
      // skipped: see above
    }
  }

  private void apply(ObjectNode line) {
    UUID application = UUID.fromString(line.path("application").asText());
    Instant receivedAt = EventTimestamps.parse(line.path("received_at").asText()).orElseThrow();
    String key = line.path("id").asText() + "@" + receivedAt;
    Entry entry =
        minutes
            .computeIfAbsent(application, a -> new TreeMap<>())
            .computeIfAbsent(MinuteTally.minuteOf(receivedAt), m -> new HashMap<>())
            .computeIfAbsent(key, k -> new Entry());
    String what = line.path("count").asText();
    JsonNode reason = line.path("reason");
    switch (what) {
      case "ACCEPTED" -> entry.accepted = true;
      case NOT_ACCEPTED -> entry.accepted = false;
      case "REVALIDATED" -> {
        entry.outcome = AccountingMetric.STORED;
        entry.reason = null;
      }
      default -> {
        entry.outcome = AccountingMetric.valueOf(what);
        entry.reason = reason.isMissingNode() ? null : reason.asText();
      }
    }
  }
}
