package com.theeye.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two versions of an event type's JSON Schema and lists what changed, each change marked
 * breaking when data the old version accepted may be rejected by the new one: a field made
 * required, a type narrowed, an enum shrunk or added, {@code additionalProperties} closed, a
 * pattern added or changed, a bound tightened. Anything it cannot prove harmless counts as
 * breaking: a changed regular expression may accept less, so it is treated as a tightening.
 *
 * <p>Annotations ({@code title}, {@code description}, {@code $comment}, {@code examples}) and the
 * {@code version} itself are not changes.
 */
public final class SchemaCompatibility {

  private static final Set<String> ANNOTATIONS =
      Set.of(
          "$schema",
          "$id",
          "title",
          "description",
          "$comment",
          "examples",
          "default",
          SchemaVersion.ATTRIBUTE);

  /** Keywords handled below; any other keyword that differs is reported as breaking. */
  private static final Set<String> UNDERSTOOD =
      Set.of(
          "type",
          "required",
          "properties",
          "additionalProperties",
          "enum",
          "pattern",
          "items",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties");

  private static final Set<String> LOWER_BOUNDS =
      Set.of("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties");
  private static final Set<String> UPPER_BOUNDS =
      Set.of("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties");

  private SchemaCompatibility() {}

  /** Every change from {@code before} to {@code after}, breaking or not, in document order. */
  public static List<SchemaChange> changes(JsonNode before, JsonNode after) {
    List<SchemaChange> changes = new ArrayList<>();
    compare("data", before, after, changes);
    return List.copyOf(changes);
  }

  private static void compare(
      String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    type(path, before, after, into);
    required(path, before, after, into);
    properties(path, before, after, into);
    additionalProperties(path, before, after, into);
    enumeration(path, before, after, into);
    pattern(path, before, after, into);
    bounds(path, before, after, into);
    JsonNode itemsBefore = before.path("items");
    JsonNode itemsAfter = after.path("items");
    if (itemsBefore.isObject() && itemsAfter.isObject()) {
      compare(path + "[]", itemsBefore, itemsAfter, into);
    } else if (!itemsBefore.equals(itemsAfter)) {
      into.add(
          new SchemaChange(
              path + "[]", "items changed from " + itemsBefore + " to " + itemsAfter, true));
    }
    Set<String> keywords = new TreeSet<>();
    before.fieldNames().forEachRemaining(keywords::add);
    after.fieldNames().forEachRemaining(keywords::add);
    for (String keyword : keywords) {
      if (!ANNOTATIONS.contains(keyword)
          && !UNDERSTOOD.contains(keyword)
          && !before.path(keyword).equals(after.path(keyword))) {
        into.add(
            new SchemaChange(
                path,
                "keyword " + keyword + " changed (not understood by the check, so breaking)",
                true));
      }
    }
  }

  private static void type(String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    Set<String> old = types(before);
    Set<String> now = types(after);
    if (old.equals(now)) {
      return;
    }
    boolean narrowed = !accepts(now, old);
    into.add(
        new SchemaChange(
            path,
            "type "
                + (narrowed ? "narrowed" : "widened")
                + " from "
                + describe(old)
                + " to "
                + describe(now),
            narrowed));
  }

  /** The types a schema allows; empty means any. */
  private static Set<String> types(JsonNode schema) {
    JsonNode type = schema.path("type");
    Set<String> types = new TreeSet<>();
    if (type.isTextual()) {
      types.add(type.asText());
    } else if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    }
    return types;
  }

  /** Whether every value of the {@code old} types is one of the {@code now} types. */
  private static boolean accepts(Set<String> now, Set<String> old) {
    if (now.isEmpty()) {
      return true;
    }
    if (old.isEmpty()) {
      return false;
    }
    for (String type : old) {
      boolean covered = now.contains(type) || (type.equals("integer") && now.contains("number"));
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Set<String> types) {
    return types.isEmpty() ? "any" : String.join("|", types);
  }

  private static void required(
      String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    Set<String> old = strings(before.path("required"));
    for (String field : strings(after.path("required"))) {
      if (!old.contains(field)) {
        into.add(new SchemaChange(path + "." + field, "made required", true));
      }
    }
    Set<String> now = strings(after.path("required"));
    for (String field : old) {
      if (!now.contains(field)) {
        into.add(new SchemaChange(path + "." + field, "made optional", false));
      }
    }
  }

  private static void properties(
      String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    JsonNode old = before.path("properties");
    JsonNode now = after.path("properties");
    Set<String> names = new LinkedHashSet<>();
    old.fieldNames().forEachRemaining(names::add);
    now.fieldNames().forEachRemaining(names::add);
    boolean closed =
        after.path("additionalProperties").isBoolean()
            && !after.path("additionalProperties").asBoolean();
    for (String name : names) {
      String field = path + "." + name;
      if (!now.has(name)) {
        // Without a schema the field falls under additionalProperties: still accepted unless
        // closed.
        into.add(
            new SchemaChange(
                field,
                closed
                    ? "property removed while additionalProperties is false"
                    : "property removed",
                closed));
      } else if (!old.has(name)) {
        // An addition, as SchemaVer counts it: only data that already carried the field with
        // another shape could now fail, and a field the schema never named is not the contract.
        into.add(new SchemaChange(field, "property added", false));
      } else {
        compare(field, old.get(name), now.get(name), into);
      }
    }
  }

  private static void additionalProperties(
      String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    JsonNode old = before.path("additionalProperties");
    JsonNode now = after.path("additionalProperties");
    if (old.equals(now)) {
      return;
    }
    boolean oldOpen = old.isMissingNode() || (old.isBoolean() && old.asBoolean());
    boolean nowOpen = now.isMissingNode() || (now.isBoolean() && now.asBoolean());
    if (oldOpen && nowOpen) {
      return;
    }
    if (nowOpen) {
      into.add(new SchemaChange(path, "additionalProperties opened", false));
    } else if (now.isBoolean()) {
      into.add(new SchemaChange(path, "additionalProperties closed", true));
    } else if (oldOpen) {
      into.add(new SchemaChange(path, "additionalProperties constrained", true));
    } else if (old.isBoolean()) {
      into.add(new SchemaChange(path, "additionalProperties opened to a schema", false));
    } else {
      compare(path + ".*", old, now, into);
    }
  }

  private static void enumeration(
      String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    JsonNode old = before.path("enum");
    JsonNode now = after.path("enum");
    if (old.equals(now)) {
      return;
    }
    if (now.isMissingNode()) {
      into.add(new SchemaChange(path, "enum removed", false));
      return;
    }
    if (old.isMissingNode()) {
      into.add(new SchemaChange(path, "enum added " + now, true));
      return;
    }
    List<JsonNode> removed = new ArrayList<>();
    old.forEach(
        value -> {
          if (!contains(now, value)) {
            removed.add(value);
          }
        });
    if (!removed.isEmpty()) {
      into.add(new SchemaChange(path, "enum shrunk: removed " + removed, true));
    } else {
      into.add(new SchemaChange(path, "enum extended", false));
    }
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static void pattern(
      String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    JsonNode old = before.path("pattern");
    JsonNode now = after.path("pattern");
    if (old.equals(now)) {
      return;
    }
    if (now.isMissingNode()) {
      into.add(new SchemaChange(path, "pattern removed", false));
    } else if (old.isMissingNode()) {
      into.add(new SchemaChange(path, "pattern added " + now, true));
    } else {
      // Whether one regular expression accepts all another does is not decidable here: assume not.
      into.add(new SchemaChange(path, "pattern tightened from " + old + " to " + now, true));
    }
  }

  private static void bounds(
      String path, JsonNode before, JsonNode after, List<SchemaChange> into) {
    for (String keyword : LOWER_BOUNDS) {
      bound(path, keyword, before.path(keyword), after.path(keyword), true, into);
    }
    for (String keyword : UPPER_BOUNDS) {
      bound(path, keyword, before.path(keyword), after.path(keyword), false, into);
    }
  }

  private static void bound(
      String path,
      String keyword,
      JsonNode old,
      JsonNode now,
      boolean lower,
      List<SchemaChange> into) {
    if (old.equals(now)) {
      return;
    }
    boolean tightened;
    if (now.isMissingNode()) {
      tightened = false;
    } else if (old.isMissingNode() || !old.isNumber() || !now.isNumber()) {
      tightened = true;
    } else {
      int order = now.decimalValue().compareTo(old.decimalValue());
      tightened = lower ? order > 0 : order < 0;
    }
    into.add(
        new SchemaChange(
            path,
            keyword
                + (tightened ? " tightened" : " relaxed")
                + " from "
                + (old.isMissingNode() ? "none" : old)
                + " to "
                + (now.isMissingNode() ? "none" : now),
            tightened));
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
