package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shaded jars `sam build` deploys keep what the JVM and the SDK need at start: a manifest that
 * makes them multi-release (so the dependencies' META-INF/versions classes are used), and an SLF4J
 * provider (so no cold start prints SLF4J's warning).
 */
class DeployedJarsTest {

  private final SamTemplate template = Templates.theTemplate();

  @Test
  void everyFunctionJarIsMultiRelease() throws IOException {
    for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
      try (JarFile jar = open(function)) {
        assertTrue(jar.isMultiRelease(), function + ": no Multi-Release: true in its manifest");
      }
    }
  }

  @Test
  void everyFunctionJarCarriesAnSlf4jProvider() throws IOException {
    for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
      try (JarFile jar = open(function)) {
        assertNotNull(
            jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"),
            function + ": the SDK's SLF4J would find no provider and print a warning");
      }
    }
  }

  private static JarFile open(String function) throws IOException {
    Path jar = Templates.deployedJar(function);
    Assumptions.assumeTrue(
        Files.isRegularFile(jar), jar + " is not built yet: run `make test` (mvn verify)");
    return new JarFile(new File(jar.toString()), true, ZipFile.OPEN_READ, Runtime.version());
  }
}
