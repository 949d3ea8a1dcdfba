package com.theeye.calls;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS SDK call of this JVM, with the code that made it, into the folder {@code
 * EYE_AWS_CALLS} names (one file per JVM); does nothing when the variable is not set. `make
 * check-permissions` holds the recording against what template.yaml grants each function.
 *
 * <p>Registered as an SDK global interceptor by the classpath resource {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors} (the SDK's {@code
 * ClasspathInterceptorChainFactory} reads it when any client is built), so every client in a test
 * JVM or in the local runner is observed without a line of their code changing. It ships in the
 * emulators' jar, which the tests and the local runner carry and no function's jar does. An
 * environment variable rather than a system property: the runners that tests start in child
 * processes inherit it.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

  /** The folder recordings go to; unset or blank turns recording off. */
  public static final String FOLDER_VARIABLE = "EYE_AWS_CALLS";

  private static final String PROJECT_PACKAGE = "com.theeye.";

  /** Code under a Maven module's target/test-classes is test code; everything else is main. */
  private static final ClassValue<Boolean> TEST_CODE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          CodeSource source = type.getProtectionDomain().getCodeSource();
          URL location = source == null ? null : source.getLocation();
          return location != null && location.getPath().contains("/test-classes/");
        }
      };

  private static final StackWalker STACK =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /** Tests' observers of this JVM's calls ({@link #observe}), besides the recording file. */
  private static final List<Consumer<RecordedCall>> OBSERVERS = new CopyOnWriteArrayList<>();

  private final Consumer<RecordedCall> sink;

  /** The SDK's constructor: records into {@code EYE_AWS_CALLS}'s folder, or nothing. */
  public AwsCallRecorder() {
    this(CallLogFile.forThisJvm(System.getenv(FOLDER_VARIABLE)));
  }

  /** Records into {@code sink}; {@code null} records nothing (but to observers). */
  AwsCallRecorder(Consumer<RecordedCall> sink) {
    this.sink = sink;
  }

  /**
   * Hands {@code observer} every call any SDK client of this JVM makes, on the thread that makes
   * it, until the returned handle is closed: tests see what the recording would hold, through the
   * same global registration, whether or not {@code EYE_AWS_CALLS} is set.
   */
  public static AutoCloseable observe(Consumer<RecordedCall> observer) {
    OBSERVERS.add(observer);
    return () -> OBSERVERS.remove(observer);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (sink == null && OBSERVERS.isEmpty()) {
      return;
    }
    // Once per call, before any attempt, on the thread that called the client (the clients here
    // are synchronous): a call that fails (a condition, AccessDenied) needed its permission too.
    List<String> callers = new ArrayList<>();
    String[] test = {""};
    STACK.forEach(
        frame -> {
          Class<?> type = frame.getDeclaringClass();
          if (!frame.getClassName().startsWith(PROJECT_PACKAGE) || type == AwsCallRecorder.class) {
            return;
          }
          String name = frame.getClassName() + "." + frame.getMethodName();
          if (TEST_CODE.get(type)) {
            test[0] = name;
          } else if (callers.isEmpty() || !callers.getLast().equals(name)) {
            callers.add(name);
          }
        });
    RecordedCall call =
        new RecordedCall(
            Objects.requireNonNullElse(
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME), "?"),
            Objects.requireNonNullElse(
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), "?"),
            RequestTargets.of(context.request()),
            callers,
            test[0]);
    if (sink != null) {
      sink.accept(call);
    }
    OBSERVERS.forEach(observer -> observer.accept(call));
  }
}
