package com.theeye.testsupport;

import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test an {@link AwsTestEnvironment}: real SQS and DynamoDB
 * endpoints over HTTP.
 *
 * <p>The emulators start once per test JVM, on first use, and stop when the test plan ends. By
 * default they are ElasticMQ (embedded) and dynalite (child process). With {@code
 * -Deye.emulators=localstack} or {@code EYE_EMULATORS=localstack} the same tests run against
 * LocalStack through Testcontainers; without a Docker engine those tests are skipped with the
 * reason, never failed.
 */
public final class AwsEmulators
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AwsEmulators.class);

  static final String NO_DOCKER =
      "EYE_EMULATORS=localstack, but no Docker engine answers here: LocalStack tests skipped";

  private static volatile boolean toldWhySkipped;

  /** Skips, with the reason, every test that would need LocalStack where Docker is missing. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (localStackSelected() && !LocalStackBackend.dockerAvailable()) {
      if (!toldWhySkipped) {
        toldWhySkipped = true;
        System.err.println("[AwsEmulators] " + NO_DOCKER);
      }
      return ConditionEvaluationResult.disabled(NO_DOCKER);
    }
    return ConditionEvaluationResult.enabled(
        localStackSelected() ? "LocalStack in Docker" : "local emulators");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    backend(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == AwsTestEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return new AwsTestEnvironment(backend(context));
  }

  /** Whether this run targets LocalStack rather than the local emulators. */
  public static boolean localStackSelected() {
    return selectsLocalStack(System.getProperty("eye.emulators"), System.getenv("EYE_EMULATORS"));
  }

  /** The selection rule: the system property wins over the environment variable. */
  static boolean selectsLocalStack(String property, String environment) {
    String selected = property != null ? property : environment;
    return selected != null && selected.toLowerCase(Locale.ROOT).equals("localstack");
  }

  private static SharedBackend backend(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedBackend.class, type -> SharedBackend.start(), SharedBackend.class);
  }
}
