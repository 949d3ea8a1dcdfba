package com.theeye.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;

/** The compiled JSON Schema of one event type; tells which fields of an event's data break it. */
final class EventSchema {

  /** The seed API's wording for a missing field, kept so senders see the same message as before. */
  static final String REQUIRED_MESSAGE = "This field is required.";

  private static final Pattern MISSING_KEY = Pattern.compile("required key \\[(.*)\\] not found");

  private final String version;
  private final Schema schema;

  EventSchema(String version, Schema schema) {
    this.version = version;
    this.schema = schema;
  }

  /** The schema's SchemaVer, e.g. {@code 1-0-2}: recorded with every event it judges. */
  String version() {
    return version;
  }

  /** Every violation of this schema in {@code data}; empty when the data conforms. */
  List<Violation> check(ObjectNode data) {
    try {
      schema.validate(OrgJsonTrees.objectOf(data));
      return List.of();
    } catch (ValidationException e) {
      List<Violation> violations = new ArrayList<>();
      collect(e, violations);
      return List.copyOf(violations);
    }
  }

  // everit nests one exception per failing keyword under a summary ("2 schema violations found");
  // only leaves name a field.
  private static void collect(ValidationException e, List<Violation> into) {
    if (e.getCausingExceptions().isEmpty()) {
      into.add(violationOf(e));
      return;
    }
    for (ValidationException cause : e.getCausingExceptions()) {
      collect(cause, into);
    }
  }

  private static Violation violationOf(ValidationException e) {
    String field = fieldOf(e.getPointerToViolation());
    Matcher missing = MISSING_KEY.matcher(e.getErrorMessage());
    if ("required".equals(e.getKeyword()) && missing.matches()) {
      return new Violation(
          Violation.SCHEMA_VIOLATION, field + "." + missing.group(1), REQUIRED_MESSAGE);
    }
    return new Violation(Violation.SCHEMA_VIOLATION, field, e.getErrorMessage());
  }

  /**
   * {@code #/form/first~1name} (everit's pointer) or {@code /form/first~1name} (a JSON Pointer into
   * data) becomes {@code data.form.first/name}.
   */
  static String fieldOf(String pointer) {
    StringBuilder field = new StringBuilder("data");
    String path = pointer == null ? "" : pointer.replaceFirst("^#", "");
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        field.append('.').append(segment.replace("~1", "/").replace("~0", "~"));
      }
    }
    return field.toString();
  }
}
