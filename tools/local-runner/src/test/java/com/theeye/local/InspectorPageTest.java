package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InspectorPageTest {

  private final InspectorPage inspector = new InspectorPage(Fixtures.repoRoot());

  @Test
  void servesThePageItsScriptAndStyleWithAPolicyThatAllowsThisOriginOnly() {
    for (String path :
        new String[] {"/inspect", "/inspect/", "/inspect/inspect.js", "/inspect/inspect.css"}) {
      ApiDocs.Page page = inspector.page(path).orElseThrow(() -> new AssertionError(path));

      assertTrue(page.body().length > 0, path);
      assertEquals(
          Optional.of(InspectorPage.CONTENT_SECURITY_POLICY), page.contentSecurityPolicy());
    }
    assertTrue(InspectorPage.CONTENT_SECURITY_POLICY.startsWith("default-src 'self'"));
  }

  @Test
  void servesATypesSchemaByItsSlugs() {
    ApiDocs.Page schema =
        inspector.page("/inspect/schemas/page-interaction/cta-click.json").orElseThrow();

    assertTrue(new String(schema.body(), StandardCharsets.UTF_8).contains("\"element\""));
  }

  @Test
  void servesNothingOutsideTheSchemasFolder() {
    for (String path :
        new String[] {
          "/inspect/schemas/../pom.xml",
          "/inspect/schemas/page-interaction/../../pom.xml",
          "/inspect/schemas/%2e%2e/pom.xml",
          "/inspect/schemas/page-interaction/nothing.json",
          "/inspect/inspect.html.bak",
          "/inspection"
        }) {
      assertEquals(Optional.empty(), inspector.page(path), path);
    }
  }
}
