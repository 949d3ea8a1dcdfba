package com.theeye.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * The AWS SAM resource schema (draft-04, vendored under {@code sam-schema/}), as a validator of
 * parsed templates.
 */
public final class SamSchema {

  private static final String RESOURCE = "/sam-schema/sam.schema.json";

  private final Schema schema;

  private SamSchema(Schema schema) {
    this.schema = schema;
  }

  /** The vendored schema; loading it takes a moment, so load once per test class. */
  public static SamSchema bundled() {
    try (InputStream in = SamSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JSONObject json = new JSONObject(new JSONTokener(in));
      // Draft-04 is everit's default and what the file's $schema declares.
      return new SamSchema(SchemaLoader.builder().schemaJson(json).build().load().build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * What the schema finds wrong with the template, one message per violation; empty when it
   * conforms.
   */
  public List<String> violations(Map<String, Object> template) {
    try {
      schema.validate(new JSONObject(template));
      return List.of();
    } catch (ValidationException e) {
      return e.getAllMessages();
    }
  }
}
