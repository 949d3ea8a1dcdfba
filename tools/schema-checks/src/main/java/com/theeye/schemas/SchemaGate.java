package com.theeye.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a schema's new version may replace its last committed one: a breaking change
 * needs MODEL raised, any other change at least a higher version, and the version never goes down.
 * A committed schema without a version predates versioning and counts as {@code 1-0-0}.
 */
public final class SchemaGate {

  static final SchemaVersion UNVERSIONED = new SchemaVersion(1, 0, 0);

  private SchemaGate() {}

  /**
   * What is wrong with {@code now} as the successor of {@code before}, or empty when it may be
   * committed.
   *
   * @param file the schema's path, e.g. {@code schemas/page-interaction/pageview.json}, named in
   *     the problem
   * @param before the last committed version, or empty for a new schema
   */
  public static Optional<String> problem(String file, Optional<JsonNode> before, JsonNode now) {
    SchemaVersion version;
    try {
      version = SchemaVersion.parse(now.path(SchemaVersion.ATTRIBUTE).asText(null));
    } catch (IllegalArgumentException e) {
      return Optional.of(
          file
              + ": \""
              + SchemaVersion.ATTRIBUTE
              + "\" missing or malformed ("
              + e.getMessage()
              + "); a new schema starts at \"1-0-0\"");
    }
    if (before.isEmpty()) {
      return Optional.empty();
    }
    SchemaVersion previous = previousVersion(before.get());
    if (version.compareTo(previous) < 0) {
      return Optional.of(file + ": version lowered from " + previous + " to " + version);
    }
    List<SchemaChange> changes = SchemaCompatibility.changes(before.get(), now);
    List<SchemaChange> breaking = changes.stream().filter(SchemaChange::breaking).toList();
    if (!breaking.isEmpty() && version.model() <= previous.model()) {
      return Optional.of(
          file
              + ": breaking change ("
              + describe(breaking)
              + ") needs MODEL raised: version "
              + previous.nextModel()
              + ", not "
              + version);
    }
    if (!changes.isEmpty() && version.equals(previous)) {
      return Optional.of(
          file
              + ": changed ("
              + describe(changes)
              + ") without a version bump: needs at least "
              + previous.nextAddition());
    }
    return Optional.empty();
  }

  private static SchemaVersion previousVersion(JsonNode before) {
    JsonNode version = before.path(SchemaVersion.ATTRIBUTE);
    return version.isMissingNode() ? UNVERSIONED : SchemaVersion.parse(version.asText());
  }

  private static String describe(List<SchemaChange> changes) {
    return changes.stream().map(SchemaChange::toString).collect(Collectors.joining("; "));
  }
}
