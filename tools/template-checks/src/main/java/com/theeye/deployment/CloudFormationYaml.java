package com.theeye.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Reads a CloudFormation/SAM template written in YAML into plain maps and lists, turning the short
 * intrinsic tags ({@code !Ref X}, {@code !GetAtt A.b}, {@code !Sub ...}) into the long JSON form
 * CloudFormation itself uses ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "b"]}}, {@code
 * {"Fn::Sub": ...}}), so checks and the JSON schema see what CloudFormation sees. Unknown tags fail
 * the parse.
 */
public final class CloudFormationYaml {

  /** Short tags whose long form is {@code {"Fn::<Name>": value}}. */
  private static final List<String> FUNCTIONS =
      List.of(
          "Sub",
          "Join",
          "If",
          "Equals",
          "Not",
          "And",
          "Or",
          "Select",
          "Split",
          "FindInMap",
          "ImportValue",
          "Base64",
          "Cidr",
          "GetAZs",
          "Length",
          "ToJsonString");

  private CloudFormationYaml() {}

  /** The template as nested {@code Map<String, Object>}, {@code List<Object>} and scalars. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String yaml) {
    Object document = new Yaml(new IntrinsicFunctions(new LoaderOptions())).load(yaml);
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("a template is a YAML mapping, not " + describe(document));
    }
    return (Map<String, Object>) map;
  }

  private static String describe(Object value) {
    return value == null ? "an empty document" : value.getClass().getSimpleName();
  }

  /** SnakeYAML's safe constructor plus one construct per intrinsic function tag. */
  private static final class IntrinsicFunctions extends SafeConstructor {

    IntrinsicFunctions(LoaderOptions options) {
      super(options);
      yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
      yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
      for (String function : FUNCTIONS) {
        yamlConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
      }
    }

    /** The tagged node's value, as if it had no tag. */
    Object untagged(Node node) {
      return switch (node) {
        case ScalarNode scalar -> constructScalar(scalar);
        case SequenceNode sequence -> constructSequence(sequence);
        case MappingNode mapping -> constructMapping(mapping);
        default -> throw new IllegalArgumentException("unexpected YAML node " + node.getNodeId());
      };
    }

    private final class LongForm extends AbstractConstruct {
      private final String key;

      LongForm(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Map<String, Object> longForm = new LinkedHashMap<>();
        longForm.put(key, untagged(node));
        return longForm;
      }
    }

    /**
     * {@code !GetAtt Resource.Attribute} splits at the first dot; the list form is kept as written.
     */
    private final class GetAtt extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        Object value = untagged(node);
        if (value instanceof String dotted) {
          int dot = dotted.indexOf('.');
          if (dot <= 0 || dot == dotted.length() - 1) {
            throw new IllegalArgumentException(
                "!GetAtt needs Resource.Attribute, got '" + dotted + "'");
          }
          value = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
        }
        Map<String, Object> longForm = new LinkedHashMap<>();
        longForm.put("Fn::GetAtt", value);
        return longForm;
      }
    }
  }
}
