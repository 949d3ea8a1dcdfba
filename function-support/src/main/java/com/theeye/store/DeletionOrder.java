package com.theeye.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The message on the deletions queue that runs (or resumes) a deletion's job: {@code
 * {"deletion":"<id>"}}. It names the deletion only; what to delete is in its record ({@link
 * DeletionItems}), so a message sent twice, or again after a crash, runs the same job. Beside the
 * table codecs because the query function writes it and the deletion function reads it.
 */
public record DeletionOrder(UUID deletion) {

  public DeletionOrder {
    Objects.requireNonNull(deletion, "deletion");
  }

  public String toMessage() {
    return ExactJson.MAPPER.createObjectNode().put("deletion", deletion.toString()).toString();
  }

  /** The order a message carries; empty for anything else (a poison message). */
  public static Optional<DeletionOrder> fromMessage(String body) {
    try {
      JsonNode node = ExactJson.MAPPER.readTree(body);
      JsonNode id = node == null ? null : node.get("deletion");
      if (id == null || !id.isTextual()) {
        return Optional.empty();
      }
      return Optional.of(new DeletionOrder(UUID.fromString(id.asText())));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
