package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks template.yaml against what the build produces: each function's Handler is a class
 * with that method in the very jar its CodeUri deploys, and its environment sets every variable the
 * function's Config requires and nothing the Config does not read. Every function of the template
 * is checked, so a new one is covered the day it is added.
 */
class TemplateMatchesCodeTest {

  /** Lambda sets it itself and refuses templates that try to. */
  private static final String SET_BY_LAMBDA = "AWS_REGION";

  private final SamTemplate template = Templates.theTemplate();

  @Test
  void everyHandlerIsAPublicClassWithThatMethodInTheDeployedJar() throws Exception {
    for (String function : functions()) {
      String[] handler = handler(function);
      try (URLClassLoader jar = load(function)) {
        Class<?> type = Class.forName(handler[0], false, jar);
        assertTrue(Modifier.isPublic(type.getModifiers()), function + ": handler class is public");
        // Lambda instantiates the handler through its public no-argument constructor.
        type.getConstructor();
        List<Method> methods =
            Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(handler[1])).toList();
        assertTrue(!methods.isEmpty(), function + ": " + handler[0] + " has no " + handler[1]);
        assertTrue(
            implementsLambdaHandler(type),
            function + ": " + handler[0] + " is not a Lambda handler");
      }
    }
  }

  @Test
  void everyFunctionSetsWhatItsConfigRequiresAndNothingItDoesNotRead() throws Exception {
    for (String function : functions()) {
      String handlerClass = handler(function)[0];
      String configPackage = handlerClass.substring(0, handlerClass.lastIndexOf('.'));
      try (URLClassLoader jar = load(function)) {
        Class<?> config = configClassIn(function, configPackage, jar);
        Set<String> required = new HashSet<>(variables(config, "REQUIRED_ENVIRONMENT"));
        Set<String> optional = new HashSet<>(variables(config, "OPTIONAL_ENVIRONMENT"));
        Set<String> set = environment(function);

        Set<String> missing = new TreeSet<>(required);
        missing.remove(SET_BY_LAMBDA);
        missing.removeAll(set);
        assertEquals(
            Set.of(), missing, function + ": required variables the template does not set");

        Set<String> unread = new TreeSet<>(set);
        unread.removeAll(required);
        unread.removeAll(optional);
        assertEquals(
            Set.of(), unread, function + ": variables " + config.getSimpleName() + " never reads");
        assertTrue(!set.contains(SET_BY_LAMBDA), function + ": AWS_REGION is Lambda's to set");
      }
    }
  }

  private List<String> functions() {
    List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
    assertTrue(functions.size() >= 2, "the template deploys the ingest and processor functions");
    return functions;
  }

  private String[] handler(String function) {
    String handler = (String) template.functionProperties(function).get("Handler");
    String[] parts = handler.split("::");
    assertEquals(2, parts.length, function + ": Handler should read class::method, was " + handler);
    return parts;
  }

  /**
   * The function's deployable jar, the one its build-&lt;LogicalId&gt; target hands `sam build`;
   * built by `package` before tests here.
   */
  private URLClassLoader load(String function) throws IOException {
    Path jar = Templates.deployedJar(function);
    Assumptions.assumeTrue(
        Files.isRegularFile(jar), jar + " is not built yet: run `make test` (mvn verify)");
    return new URLClassLoader(
        new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  private static boolean implementsLambdaHandler(Class<?> type) {
    return Arrays.stream(type.getInterfaces())
        .map(Class::getName)
        .anyMatch(
            name ->
                name.equals("com.amazonaws.services.lambda.runtime.RequestHandler")
                    || name.equals("com.amazonaws.services.lambda.runtime.RequestStreamHandler"));
  }

  /** The one class of the handler's package that declares REQUIRED_ENVIRONMENT. */
  private static Class<?> configClassIn(String function, String packageName, ClassLoader loader)
      throws IOException, ClassNotFoundException {
    String jarPath = ((URLClassLoader) loader).getURLs()[0].getPath();
    String prefix = packageName.replace('.', '/') + "/";
    List<String> candidates;
    try (JarFile jar = new JarFile(jarPath)) {
      candidates =
          jar.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.startsWith(prefix) && name.endsWith("Config.class"))
              .filter(name -> name.indexOf('/', prefix.length()) < 0 && !name.contains("$"))
              .toList();
    }
    for (String candidate : candidates) {
      Class<?> type =
          Class.forName(candidate.replace('/', '.').replace(".class", ""), false, loader);
      if (Arrays.stream(type.getFields())
          .anyMatch(f -> f.getName().equals("REQUIRED_ENVIRONMENT"))) {
        return type;
      }
    }
    return fail(
        function + ": no *Config class in " + packageName + " declares REQUIRED_ENVIRONMENT");
  }

  @SuppressWarnings("unchecked")
  private static List<String> variables(Class<?> config, String field)
      throws ReflectiveOperationException {
    Field list = config.getField(field);
    return (List<String>) list.get(null);
  }

  private Set<String> environment(String function) {
    Object environment = template.functionProperties(function).get("Environment");
    if (environment == null) {
      return Set.of();
    }
    Map<String, Object> variables =
        SamTemplate.asMap(
            SamTemplate.asMap(environment, function + ".Environment")
                .getOrDefault("Variables", Map.of()),
            function + ".Environment.Variables");
    return variables.keySet();
  }
}
