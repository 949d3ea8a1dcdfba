package com.theeye.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The documents of the AWS managed policies the roles reference, kept beside this class in {@code
 * managed-policies/<Name>.json} as AWS's managed policy reference shows them (each file names its
 * source and version), with what SAM attaches each for. A role that references a managed policy
 * with no stored document fails the check by name: its grants could not be known.
 */
final class ManagedPolicies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ManagedPolicies() {}

  /** A stored managed policy: its document and what it is for. */
  record Stored(String arn, String source, String grantedFor, JsonNode document) {}

  /** The stored policy for an ARN such as {@code arn:aws:iam::aws:policy/service-role/X}. */
  static Optional<Stored> forArn(String arn) {
    String name = name(arn);
    try (InputStream in =
        ManagedPolicies.class.getResourceAsStream("managed-policies/" + name + ".json")) {
      if (in == null) {
        return Optional.empty();
      }
      JsonNode stored = JSON.readTree(in);
      if (!stored.path("arn").asText().equals(arn)) {
        throw new IllegalStateException(
            "managed-policies/"
                + name
                + ".json is for "
                + stored.path("arn").asText()
                + ", not "
                + arn);
      }
      return Optional.of(
          new Stored(
              arn,
              stored.path("source").asText(),
              stored.path("grantedFor").asText(),
              stored.get("document")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stored managed policy " + name, e);
    }
  }

  /** A managed policy's name: the last segment of its ARN. */
  static String name(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
