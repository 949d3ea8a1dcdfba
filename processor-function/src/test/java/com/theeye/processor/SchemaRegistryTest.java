package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryTest {

  private static final SchemaRegistry SCHEMAS = Processors.SCHEMAS;

  @Test
  void packagesEverySchemaOfTheSchemasFolder() {
    assertEquals(
        Set.of(
            "page-interaction/pageview.json",
            "page-interaction/cta-click.json",
            "form-interaction/submit.json",
            "identify/identify.json"),
        SCHEMAS.files());
    assertEquals(
        SchemaRegistry.fromFolder(Fixtures.repoRoot().resolve("schemas")).files(), SCHEMAS.files());
  }

  @Test
  void findsSchemasInsideAJar(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("function.jar");
    Path schemas = Fixtures.repoRoot().resolve("schemas");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> paths = Files.walk(schemas)) {
      // Folder entries too, as the maven-jar and shade plugins write them.
      for (Path path : paths.toList()) {
        String name = ("schemas/" + schemas.relativize(path)).replace('\\', '/');
        if (Files.isDirectory(path)) {
          out.putNextEntry(new JarEntry(name.endsWith("/") ? name : name + "/"));
        } else {
          out.putNextEntry(new JarEntry(name));
          out.write(Files.readAllBytes(path));
        }
        out.closeEntry();
      }
    }
    // Only the jar: the parent must not see target/classes/schemas.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertEquals(SCHEMAS.files(), SchemaRegistry.fromClasspath(loader).files());
    }
  }

  @Test
  void namesSchemaFilesBySluggedCategoryAndName() {
    assertEquals(
        "page-interaction/cta-click.json", SchemaRegistry.fileOf("page interaction", "cta click"));
    assertEquals(
        "page-interaction/cta-click.json",
        SchemaRegistry.fileOf("  Page__Interaction ", "CTA -- click!"));
  }

  @Test
  void acceptsValidPageview() {
    assertEquals(
        List.of(),
        check("page interaction", "pageview", "{\"host\":\"a.example\",\"path\":\"/\"}"));
  }

  @Test
  void rejectsPageviewWithoutPath() {
    assertEquals(
        List.of(schemaViolation("data.path", "This field is required.")),
        check("page interaction", "pageview", "{\"host\":\"a.example\"}"));
  }

  @Test
  void rejectsPageviewWhoseHostIsNotAString() {
    assertEquals(
        List.of(schemaViolation("data.host", "expected type: String, found: Integer")),
        check("page interaction", "pageview", "{\"host\":42,\"path\":\"/\"}"));
  }

  @Test
  void acceptsValidCtaClick() {
    assertEquals(
        List.of(),
        check(
            "page interaction",
            "cta click",
            "{\"host\":\"a.example\",\"path\":\"/\",\"element\":\"chat bubble\"}"));
  }

  @Test
  void rejectsCtaClickWithoutElement() {
    assertEquals(
        List.of(schemaViolation("data.element", "This field is required.")),
        check("page interaction", "cta click", "{\"host\":\"a.example\",\"path\":\"/\"}"));
  }

  @Test
  void rejectsCtaClickWhoseElementIsNotAString() {
    assertEquals(
        List.of(schemaViolation("data.element", "expected type: String, found: JSONArray")),
        check(
            "page interaction",
            "cta click",
            "{\"host\":\"a.example\",\"path\":\"/\",\"element\":[]}"));
  }

  @Test
  void acceptsValidFormSubmit() {
    assertEquals(
        List.of(),
        check(
            "form interaction",
            "submit",
            "{\"host\":\"a.example\",\"path\":\"/\",\"form\":{\"first_name\":\"John\",\"age\":3.50}}"));
  }

  @Test
  void rejectsFormSubmitWithoutForm() {
    assertEquals(
        List.of(schemaViolation("data.form", "This field is required.")),
        check("form interaction", "submit", "{\"host\":\"a.example\",\"path\":\"/\"}"));
  }

  @Test
  void rejectsFormSubmitWhoseFormIsNotAnObject() {
    assertEquals(
        List.of(schemaViolation("data.form", "expected type: JSONObject, found: String")),
        check(
            "form interaction",
            "submit",
            "{\"host\":\"a.example\",\"path\":\"/\",\"form\":\"name=John\"}"));
  }

  @Test
  void anIdentifyEventMayCarryAnyTraits() {
    // The clients' identify(userId, traits): traits are the application's own, so any object.
    assertEquals(List.of(), check("identify", "identify", "{}"));
    assertEquals(
        List.of(),
        check("identify", "identify", "{\"plan\":\"pro\",\"seats\":3,\"tags\":[\"a\"]}"));
  }

  @Test
  void reportsEveryViolationOfOneEvent() {
    List<Violation> violations =
        check("page interaction", "cta click", "{\"host\":7,\"path\":null}");

    assertEquals(
        Set.of(
            schemaViolation("data.element", "This field is required."),
            schemaViolation("data.host", "expected type: String, found: Integer"),
            schemaViolation("data.path", "expected type: String, found: Null")),
        Set.copyOf(violations));
    assertEquals(3, violations.size());
  }

  @Test
  void knowsNoSchemaForAnUnknownType() {
    assertTrue(SCHEMAS.find("video interaction", "play").isEmpty());
  }

  @Test
  void refusesAFolderWithAnInvalidSchema(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("broken"));
    Files.writeString(dir.resolve("broken/type.json"), "{\"type\": 12}");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SchemaRegistry.fromFolder(dir));
    assertTrue(e.getMessage().contains("broken/type.json"), e.getMessage());
  }

  private static List<Violation> check(String category, String name, String data) {
    return SCHEMAS.find(category, name).orElseThrow().check(TestEvents.json(data));
  }

  private static Violation schemaViolation(String field, String message) {
    return new Violation(Violation.SCHEMA_VIOLATION, field, message);
  }
}
