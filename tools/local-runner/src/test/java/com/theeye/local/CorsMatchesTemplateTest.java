package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The local gateway's CORS settings are template.yaml's: the HttpApi's CorsConfiguration, and the
 * AllowedOrigins parameter's default for the origins (EYE_ALLOWED_ORIGINS unset).
 */
class CorsMatchesTemplateTest {

  @Test
  void localCorsIsTheTemplatesCorsConfiguration() throws IOException {
    Map<String, Object> template = template();
    Map<String, Object> cors =
        map(map(map(map(template, "Resources"), "EventsApi"), "Properties"), "CorsConfiguration");
    LocalSettings.CorsSettings local = LocalSettings.fromEnv(Map.of()).cors();

    assertEquals(new Reference("AllowedOrigins"), cors.get("AllowOrigins"));
    String originsDefault =
        (String) map(map(template, "Parameters"), "AllowedOrigins").get("Default");
    assertEquals(Arrays.asList(originsDefault.split(",")), local.allowOrigins());
    assertEquals(cors.get("AllowMethods"), local.allowMethods());
    assertEquals(cors.get("AllowHeaders"), local.allowHeaders());
    assertEquals(cors.getOrDefault("ExposeHeaders", List.of()), local.exposeHeaders());
    assertEquals(cors.get("MaxAge"), local.maxAgeSeconds());
  }

  /** {@code !Ref Name}; other CloudFormation tags are read as their plain YAML value. */
  private record Reference(String name) {}

  private static Map<String, Object> template() throws IOException {
    try (Reader reader = Files.newBufferedReader(Fixtures.repoRoot().resolve("template.yaml"))) {
      return new Yaml(new CloudFormationTags()).load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object child = parent.get(key);
    if (!(child instanceof Map)) {
      throw new AssertionError("template.yaml: no mapping at " + key + " in " + parent.keySet());
    }
    return (Map<String, Object>) child;
  }

  private static final class CloudFormationTags extends SafeConstructor {
    CloudFormationTags() {
      super(new LoaderOptions());
      yamlConstructors.put(
          null,
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              return switch (node) {
                case ScalarNode scalar when node.getTag().getValue().equals("!Ref") ->
                    new Reference(scalar.getValue());
                case ScalarNode scalar -> scalar.getValue();
                case SequenceNode sequence -> constructSequence(sequence);
                case MappingNode mapping -> constructMapping(mapping);
                default -> throw new IllegalStateException("unexpected node " + node);
              };
            }
          });
    }
  }
}
