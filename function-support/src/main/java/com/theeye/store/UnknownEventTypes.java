package com.theeye.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What the processor does with an event whose category and name have no schema: the stack's default
 * ({@code UNKNOWN_EVENT_TYPES}), or an application's own choice ({@link
 * ApplicationItems#UNKNOWN_TYPES}).
 */
public enum UnknownEventTypes {
  /** Store it as invalid, reason {@code unknown event type}. */
  REJECT,
  /** Store it as valid, its data unchecked, marked {@code unplanned}. */
  ACCEPT;

  /** As stored and typed: {@code accept}, {@code reject}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The policy {@code text} names, in any case; empty when it names none. */
  public static Optional<UnknownEventTypes> ofText(String text) {
    return Arrays.stream(values()).filter(v -> v.text().equalsIgnoreCase(text.strip())).findFirst();
  }
}
