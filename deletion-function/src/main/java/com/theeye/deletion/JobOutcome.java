package com.theeye.deletion;

import com.theeye.log.LogLine;
import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionSubject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What one run of a deletion's job did, for its log line: never the subject's id.
 *
 * @param kind the subject's kind, when the deletion was found
 * @param deleted what this run recorded as deleted (and counted)
 * @param nextOrderIn the delay of the order this run sent itself, if it sent one
 */
record JobOutcome(
    UUID deletion,
    Result result,
    Optional<DeletionSubject.Kind> kind,
    DeletionCounts deleted,
    Optional<Duration> nextOrderIn) {

  /** How a run ended. */
  enum Result {
    /** No such deletion: nothing to do (an order for a deletion never recorded). */
    NOT_FOUND("not found"),
    /** Done before: nothing to do (a duplicate order). */
    ALREADY_DONE("already done"),
    /** Another run holds the job; it finishes it or orders its continuation. */
    HELD_ELSEWHERE("held by another run"),
    /** The invocation's time ran short: the job ordered its next run. */
    CONTINUED("continued"),
    /** Swept; one more sweep is ordered once events in flight have landed. */
    SETTLING("settling"),
    DONE("done");

    private final String text;

    Result(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }
  }

  JobOutcome {
    Objects.requireNonNull(deletion, "deletion");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(deleted, "deleted");
    Objects.requireNonNull(nextOrderIn, "nextOrderIn");
  }

  static JobOutcome nothingToDo(UUID deletion, Result result, Optional<DeletionSubject.Kind> kind) {
    return new JobOutcome(deletion, result, kind, DeletionCounts.NONE, Optional.empty());
  }

  LogLine logLine() {
    LogLine line =
        new LogLine(LogLine.Level.INFO, "deletion job")
            .with("deletion", deletion.toString())
            .with("outcome", result.text())
            .with("kind", kind.map(DeletionSubject.Kind::wireName).orElse(null))
            .with("events", deleted.events())
            .with("invalid_events", deleted.invalidEvents())
            .with("identities", deleted.identities())
            .with("message_claims", deleted.messageClaims())
            .with("sessions", deleted.sessions());
    nextOrderIn.ifPresent(delay -> line.with("next_order_in_seconds", delay.toSeconds()));
    return line;
  }
}
