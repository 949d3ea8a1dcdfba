package com.theeye.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an arrival had become when it was recorded: the {@code outcome} of {@code /recent/}. */
public enum Outcome {
  /** Accepted by the ingest (answered 202) and on the queue, not yet judged. */
  QUEUED,
  /** Stored in the Events table. */
  STORED,
  /** Kept in the InvalidEvents table, with its errors. */
  INVALID,
  /** Already stored (or already kept as invalid) by an earlier delivery; nothing written. */
  DUPLICATE;

  /** The API's spelling: {@code queued}, {@code stored}, {@code invalid}, {@code duplicate}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome spelled {@code text}, in any case. */
  public static Optional<Outcome> of(String text) {
    return Arrays.stream(values()).filter(o -> o.text().equalsIgnoreCase(text.strip())).findFirst();
  }
}
