package com.theeye.log;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where a function's JSON lines go on Lambda: each one record of the function's log, as written.
 * The logger's {@code byte[]} method hands the line to Lambda unformatted; its {@code String}
 * method would, with {@code LogFormat: JSON}, wrap the line as the {@code message} string of a
 * record of the runtime's own (aws-lambda-java-runtime-interface-client: AbstractLambdaLogger,
 * JsonLogFormatter), and every field would have to be parsed out of that string again.
 */
public final class LambdaLog {

  private LambdaLog() {}

  /** Writes each line to {@code logger} as one log record. */
  public static Consumer<String> to(LambdaLogger logger) {
    return line -> logger.log(line.getBytes(StandardCharsets.UTF_8));
  }
}
