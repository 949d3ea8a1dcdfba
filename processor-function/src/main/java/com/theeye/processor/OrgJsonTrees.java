package com.theeye.processor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Copies a Jackson tree into the org.json tree everit validates, node by node, so the data is never
 * re-parsed.
 */
final class OrgJsonTrees {

  private OrgJsonTrees() {}

  static JSONObject objectOf(JsonNode object) {
    JSONObject copy = new JSONObject();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      copy.put(field.getKey(), valueOf(field.getValue()));
    }
    return copy;
  }

  private static Object valueOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> objectOf(node);
      case ARRAY -> {
        JSONArray copy = new JSONArray();
        for (JsonNode element : node) {
          copy.put(valueOf(element));
        }
        yield copy;
      }
      // Exact numbers stay exact (BigDecimal, BigInteger, int, long), as EventCodec read them.
      case NUMBER -> node.numberValue();
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NULL, MISSING -> JSONObject.NULL;
      case BINARY, POJO ->
          throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    };
  }
}
