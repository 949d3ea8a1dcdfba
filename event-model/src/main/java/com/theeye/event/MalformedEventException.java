package com.theeye.event;

/** A queue message that is not a normalized event: a poison message, never a caller's mistake. */
public final class MalformedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedEventException(String reason) {
    super(reason);
  }
}
