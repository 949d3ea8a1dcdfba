package com.theeye.ingest;

import java.util.function.Function;

/**
 * One step of answering a request: the value the next step needs, or the answer that ends the
 * request here. {@link IngestService#handle} is the list of steps, each a method returning one.
 */
sealed interface IngestStep<T> {

  /** The request goes on, with {@code value}. */
  record Next<T>(T value) implements IngestStep<T> {}

  /** The request is answered: no later step runs. */
  record Answered<T>(IngestOutcome outcome) implements IngestStep<T> {}

  static <T> IngestStep<T> next(T value) {
    return new Next<>(value);
  }

  /** The next step, on this step's value; or this step's answer. */
  default <U> IngestStep<U> then(Function<? super T, IngestStep<U>> step) {
    return switch (this) {
      case Next<T> next -> step.apply(next.value());
      case Answered<T> answered -> new Answered<>(answered.outcome());
    };
  }

  /** The last step's answer, on this step's value; or this step's answer. */
  default IngestOutcome answer(Function<? super T, IngestOutcome> last) {
    return switch (this) {
      case Next<T> next -> last.apply(next.value());
      case Answered<T> answered -> answered.outcome();
    };
  }
}
