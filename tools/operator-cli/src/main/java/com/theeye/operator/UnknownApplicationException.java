package com.theeye.operator;

import java.util.UUID;

/** An operator named an application id the Applications table does not hold. */
public final class UnknownApplicationException extends RuntimeException {

  public UnknownApplicationException(UUID id, String table) {
    super("no application with id " + id + " in table " + table + " (see `applications list`)");
  }
}
