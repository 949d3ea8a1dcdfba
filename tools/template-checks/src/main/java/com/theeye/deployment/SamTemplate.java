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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A SAM template read by SnakeYAML, with the look-ups the checks need; intrinsic functions are in
 * CloudFormation's long JSON form whichever form the YAML uses.
 */
public record SamTemplate(Map<String, Object> document) {

  public static SamTemplate load(Path path) {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + path, e);
    }
  }

  /** Unknown tags (a misspelled {@code !Reff}) fail here rather than reach a check as text. */
  public static SamTemplate parse(String yaml) {
    return new SamTemplate(asMap(new Yaml(new ShortForms()).load(yaml), "a template"));
  }

  /**
   * A top-level section (Parameters, Rules, Mappings, Conditions, Resources, Outputs, Globals),
   * empty when absent.
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

  /**
   * The value a property takes when the stack is deployed with every parameter at its default: a
   * {@code Ref} to a parameter, or a {@code Fn::FindInMap} whose keys are such values.
   */
  public Object atDefaults(Object value) {
    if (value instanceof Map<?, ?> map
        && map.size() == 1
        && map.get("Fn::FindInMap") instanceof List<?> keys
        && keys.size() == 3) {
      Object top = asMap(section("Mappings").get(String.valueOf(atDefaults(keys.get(0)))), "map");
      Object second = asMap(top, "map").get(String.valueOf(atDefaults(keys.get(1))));
      return asMap(second, "map entry").get(String.valueOf(atDefaults(keys.get(2))));
    }
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

  /**
   * SnakeYAML's safe constructor, plus CloudFormation's short-form tags and its reading of dates.
   */
  private static final class ShortForms extends SafeConstructor {

    /**
     * Each short tag's long-form key. Not AWS::LanguageExtensions' ({@code !ToJsonString}, {@code
     * !Length}): the template does not declare that transform, so they would mean nothing there.
     */
    private static final Map<String, String> LONG_FORMS =
        Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!Cidr", "Fn::Cidr"),
            // Rule functions (the Rules section's assertions).
            Map.entry("!Contains", "Fn::Contains"),
            Map.entry("!EachMemberEquals", "Fn::EachMemberEquals"),
            Map.entry("!EachMemberIn", "Fn::EachMemberIn"),
            Map.entry("!RefAll", "Fn::RefAll"),
            Map.entry("!ValueOf", "Fn::ValueOf"),
            Map.entry("!ValueOfAll", "Fn::ValueOfAll"));

    ShortForms() {
      super(new LoaderOptions());
      LONG_FORMS.forEach((tag, key) -> yamlConstructors.put(new Tag(tag), new LongForm(key)));
      // CloudFormation reads an unquoted date (AWSTemplateFormatVersion: 2010-09-09, an IAM
      // policy's Version: 2012-10-17) as text, where YAML 1.1 would make it a timestamp.
      yamlConstructors.put(Tag.TIMESTAMP, yamlConstructors.get(Tag.STR));
    }

    private final class LongForm extends AbstractConstruct {
      private final String key;

      LongForm(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Object value =
            switch (node) {
              case ScalarNode scalar -> constructScalar(scalar);
              case SequenceNode sequence -> constructSequence(sequence);
              case MappingNode mapping -> constructMapping(mapping);
              default -> throw new IllegalArgumentException("unexpected YAML node " + node);
            };
        if (key.equals("Fn::GetAtt") && value instanceof String dotted) {
          value = resourceAndAttribute(dotted);
        }
        Map<String, Object> longForm = new LinkedHashMap<>();
        longForm.put(key, value);
        return longForm;
      }
    }

    /** {@code !GetAtt Db.Endpoint.Address} names resource {@code Db}: split at the first dot. */
    private static List<String> resourceAndAttribute(String dotted) {
      int dot = dotted.indexOf('.');
      if (dot <= 0 || dot == dotted.length() - 1) {
        throw new IllegalArgumentException(
            "!GetAtt needs Resource.Attribute, got '" + dotted + "'");
      }
      return List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
    }
  }
}
