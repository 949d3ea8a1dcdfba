package com.theeye.schemas;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schema's SchemaVer, {@code MODEL-REVISION-ADDITION} (e.g. {@code 1-0-2}), as Snowplow's Iglu
 * uses it: MODEL is raised for a change that rejects data the previous version accepted; REVISION
 * or ADDITION for one that does not.
 */
public record SchemaVersion(int model, int revision, int addition)
    implements Comparable<SchemaVersion> {

  /** The attribute of a schema file that holds its version. */
  public static final String ATTRIBUTE = "version";

  private static final Pattern FORMAT =
      Pattern.compile("([1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)");

  public SchemaVersion {
    if (model < 1 || revision < 0 || addition < 0) {
      throw new IllegalArgumentException(
          "a SchemaVer starts at 1-0-0: " + model + "-" + revision + "-" + addition);
    }
  }

  /**
   * @throws IllegalArgumentException naming the text when it is not {@code MODEL-REVISION-ADDITION}
   */
  public static SchemaVersion parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a SchemaVer MODEL-REVISION-ADDITION such as 1-0-0");
    }
    return new SchemaVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /** The version a breaking change needs: the next MODEL. */
  public SchemaVersion nextModel() {
    return new SchemaVersion(model + 1, 0, 0);
  }

  /** The smallest version a compatible change needs: the next ADDITION. */
  public SchemaVersion nextAddition() {
    return new SchemaVersion(model, revision, addition + 1);
  }

  @Override
  public int compareTo(SchemaVersion other) {
    return Comparator.comparingInt(SchemaVersion::model)
        .thenComparingInt(SchemaVersion::revision)
        .thenComparingInt(SchemaVersion::addition)
        .compare(this, other);
  }

  @Override
  public String toString() {
    return model + "-" + revision + "-" + addition;
  }
}
