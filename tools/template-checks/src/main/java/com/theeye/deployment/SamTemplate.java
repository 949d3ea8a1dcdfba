package com.theeye.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed SAM template with the look-ups the checks need; values are in CloudFormation's long JSON
 * form.
 */
public record SamTemplate(Map<String, Object> document) {

  public static SamTemplate load(Path path) {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + path, e);
    }
  }

  public static SamTemplate parse(String yaml) {
    return new SamTemplate(CloudFormationYaml.parse(yaml));
  }

  /**
   * A top-level section (Parameters, Conditions, Resources, Outputs, Globals), empty when absent.
   */
  public Map<String, Object> section(String name) {
    Object section = document.get(name);
    return section == null ? Map.of() : asMap(section, name);
  }

  public Map<String, Object> resource(String logicalId) {
    Object resource = section("Resources").get(logicalId);
    if (resource == null) {
      throw new IllegalArgumentException("template has no resource " + logicalId);
    }
    return asMap(resource, logicalId);
  }

  public String type(String logicalId) {
    return (String) resource(logicalId).get("Type");
  }

  public Map<String, Object> properties(String logicalId) {
    Object properties = resource(logicalId).get("Properties");
    return properties == null ? Map.of() : asMap(properties, logicalId + ".Properties");
  }

  /** Logical ids of the resources of {@code type}, in template order. */
  public List<String> resourcesOfType(String type) {
    return section("Resources").keySet().stream().filter(id -> type.equals(type(id))).toList();
  }

  /**
   * A function's properties as SAM applies them: its own over {@code Globals.Function} (maps merge
   * one level).
   */
  public Map<String, Object> functionProperties(String logicalId) {
    Map<String, Object> merged = new LinkedHashMap<>();
    Object globals = section("Globals").get("Function");
    if (globals != null) {
      merged.putAll(asMap(globals, "Globals.Function"));
    }
    properties(logicalId)
        .forEach(
            (key, value) -> {
              if (value instanceof Map<?, ?> own && merged.get(key) instanceof Map<?, ?> global) {
                Map<String, Object> both = new LinkedHashMap<>(asMap(global, key));
                both.putAll(asMap(own, key));
                merged.put(key, both);
              } else {
                merged.put(key, value);
              }
            });
    return merged;
  }

  /** The value a property takes when the stack is deployed with every parameter at its default. */
  public Object atDefaults(Object value) {
    Optional<String> ref = ref(value);
    if (ref.isEmpty()) {
      return value;
    }
    Object parameter = section("Parameters").get(ref.get());
    if (parameter == null) {
      throw new IllegalArgumentException(
          "!Ref " + ref.get() + " is not a parameter, so it has no default");
    }
    Object defaultValue = asMap(parameter, ref.get()).get("Default");
    if (defaultValue == null) {
      throw new IllegalArgumentException("parameter " + ref.get() + " has no Default");
    }
    return defaultValue;
  }

  /** {@link #atDefaults} for a number (CloudFormation accepts numbers written as strings too). */
  public long numberAtDefaults(Object value) {
    Object resolved = atDefaults(value);
    if (resolved instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(resolved).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got '" + resolved + "'", e);
    }
  }

  /** The name in {@code {"Ref": name}}. */
  public static Optional<String> ref(Object value) {
    return value instanceof Map<?, ?> map
            && map.size() == 1
            && map.get("Ref") instanceof String name
        ? Optional.of(name)
        : Optional.empty();
  }

  /** The logical id a {@code Ref} or {@code Fn::GetAtt} points at. */
  public static Optional<String> referencedResource(Object value) {
    Optional<String> ref = ref(value);
    if (ref.isPresent()) {
      return ref;
    }
    if (value instanceof Map<?, ?> map
        && map.size() == 1
        && map.get("Fn::GetAtt") instanceof List<?> getAtt
        && !getAtt.isEmpty()
        && getAtt.getFirst() instanceof String resource) {
      return Optional.of(resource);
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object value, String where) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalArgumentException(where + " should be a mapping, not " + value);
  }

  /** A single value or a list, as IAM and several CloudFormation properties allow. */
  static List<?> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> list ? list : List.of(value);
  }
}
