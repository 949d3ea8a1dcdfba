package com.theeye.schemas;

import java.util.Objects;

/**
 * One difference between two versions of a schema.
 *
 * @param path where, e.g. {@code data.form} ({@code data} is the schema's root)
 * @param description what changed, e.g. {@code made required}
 * @param breaking whether data the old version accepted may now be rejected
 */
public record SchemaChange(String path, String description, boolean breaking) {

  public SchemaChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(description, "description");
  }

  @Override
  public String toString() {
    return path + ": " + description;
  }
}
