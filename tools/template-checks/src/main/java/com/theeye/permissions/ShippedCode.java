package com.theeye.permissions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Which packages each function's jar carries, read from the checkout: the packages of its module's
 * {@code src/main/java} and of every module it depends on at run time (not test scope), as the poms
 * say. A recorded call whose innermost code is in no package its function carries was made by
 * something standing in for AWS around the function (the local runner's arrival feed, say), not by
 * the function: on AWS that code is not there to make it.
 */
final class ShippedCode {

  private final Map<String, Set<String>> packagesByFunctionPackage = new HashMap<>();
  private final Map<String, Path> modules;

  private ShippedCode(Map<String, Path> modules) {
    this.modules = modules;
  }

  /** The checkout's modules, by artifact id. */
  static ShippedCode read(Path checkout) {
    Map<String, Path> modules = new HashMap<>();
    try (Stream<Path> poms = Files.walk(checkout, 3)) {
      poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .filter(p -> !p.toString().contains("node_modules") && !p.toString().contains("target"))
          .forEach(pom -> modules.put(artifactId(pom), pom.getParent()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the modules of " + checkout, e);
    }
    return new ShippedCode(modules);
  }

  /** Whether the function whose handler is in {@code functionPackage} carries {@code pkg}. */
  synchronized boolean carries(String functionPackage, String pkg) {
    return packagesByFunctionPackage
        .computeIfAbsent(functionPackage, this::packagesOf)
        .contains(pkg);
  }

  private Set<String> packagesOf(String functionPackage) {
    Path handlerFolder = Path.of("src/main/java", functionPackage.split("\\."));
    Path module =
        modules.values().stream()
            .filter(m -> Files.isDirectory(m.resolve(handlerFolder)))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no module of the checkout holds the package " + functionPackage));
    Set<String> packages = new HashSet<>();
    Set<Path> seen = new HashSet<>();
    Deque<Path> next = new ArrayDeque<>(Set.of(module));
    while (!next.isEmpty()) {
      Path current = next.pop();
      if (!seen.add(current)) {
        continue;
      }
      packages.addAll(javaPackages(current.resolve("src/main/java")));
      for (String dependency : runtimeDependencies(current.resolve("pom.xml"))) {
        Path dependencyModule = modules.get(dependency);
        if (dependencyModule != null) {
          next.push(dependencyModule);
        }
      }
    }
    return packages;
  }

  private static Set<String> javaPackages(Path sources) {
    Set<String> packages = new HashSet<>();
    if (!Files.isDirectory(sources)) {
      return packages;
    }
    try (Stream<Path> files = Files.walk(sources)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> packages.add(sources.relativize(f.getParent()).toString().replace('/', '.')));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sources, e);
    }
    return packages;
  }

  private static String artifactId(Path pom) {
    Element project = document(pom);
    NodeList children = project.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals("artifactId")) {
        return e.getTextContent().strip();
      }
    }
    throw new IllegalArgumentException(pom + " names no artifactId");
  }

  /** The artifact ids of the pom's dependencies outside test scope. */
  private static Set<String> runtimeDependencies(Path pom) {
    Set<String> dependencies = new HashSet<>();
    NodeList all = document(pom).getElementsByTagName("dependency");
    for (int i = 0; i < all.getLength(); i++) {
      Element dependency = (Element) all.item(i);
      // Dependency management only declares versions; what a module uses is in its own list.
      if (dependency.getParentNode().getParentNode() instanceof Element owner
          && owner.getTagName().equals("dependencyManagement")) {
        continue;
      }
      if (!text(dependency, "scope").equals("test")) {
        dependencies.add(text(dependency, "artifactId"));
      }
    }
    return dependencies;
  }

  private static String text(Element parent, String tag) {
    NodeList found = parent.getElementsByTagName(tag);
    return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
  }

  private static Element document(Path pom) {
    try {
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(pom.toFile())
          .getDocumentElement();
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read " + pom + ": " + e.getMessage(), e);
    }
  }
}
