package com.theeye.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS SDK call as {@link AwsCallRecorder} saw it: the service and operation, the resources the
 * request names, and the project's main-code frames that led to it. One JSON line in a recording;
 * this record is the only reader and writer of that line.
 *
 * @param service the SDK's service name, e.g. {@code DynamoDb}, {@code Sqs}, {@code SecretsManager}
 * @param operation the API operation, e.g. {@code PutItem}
 * @param targets what the request names, one map per resource, keyed by the request's own member
 *     names: {@code TableName} (with {@code IndexName}, or {@code TransactPart} for one item of a
 *     transaction), {@code QueueUrl}, {@code SecretId}, {@code StreamArn}
 * @param callers the frames of main (not test) code under {@code com.theeye} on the calling
 *     thread's stack, innermost first, as {@code package.Class.method}
 * @param test the outermost test-code frame, where a test made or caused the call; empty when none
 *     (a worker thread, the local runner's own JVM)
 */
public record RecordedCall(
    String service,
    String operation,
    List<Map<String, String>> targets,
    List<String> callers,
    String test) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public RecordedCall {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(operation, "operation");
    targets = targets.stream().map(t -> Map.copyOf(new LinkedHashMap<>(t))).toList();
    callers = List.copyOf(callers);
    Objects.requireNonNull(test, "test");
  }

  /**
   * The innermost caller whose class is in one of {@code packages} (or below one): the code that
   * made this call, when a function's package is given.
   */
  public Optional<String> innermostCallerIn(Set<String> packages) {
    return callers.stream().filter(frame -> inAny(packageOf(frame), packages)).findFirst();
  }

  /** The package of a {@code package.Class.method} frame. */
  static String packageOf(String frame) {
    String type = frame.substring(0, frame.lastIndexOf('.'));
    return type.substring(0, type.lastIndexOf('.'));
  }

  private static boolean inAny(String pkg, Set<String> packages) {
    return packages.stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."));
  }

  /** This call as one line of a recording. */
  public String toJson() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("service", service);
    line.put("operation", operation);
    line.put("targets", targets);
    line.put("callers", callers);
    line.put("test", test);
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a recorded call as JSON", e);
    }
  }

  /**
   * Reads one line of a recording.
   *
   * @throws IllegalArgumentException for a line that is not a recorded call
   */
  public static RecordedCall fromJson(String line) {
    Line parsed;
    try {
      parsed = JSON.readValue(line, Line.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a recorded call: " + line, e);
    }
    if (parsed.service() == null || parsed.operation() == null) {
      throw new IllegalArgumentException("a recorded call without service or operation: " + line);
    }
    return new RecordedCall(
        parsed.service(),
        parsed.operation(),
        parsed.targets() == null ? List.of() : parsed.targets(),
        parsed.callers() == null ? List.of() : parsed.callers(),
        parsed.test() == null ? "" : parsed.test());
  }

  private record Line(
      String service,
      String operation,
      List<Map<String, String>> targets,
      List<String> callers,
      String test) {}
}
