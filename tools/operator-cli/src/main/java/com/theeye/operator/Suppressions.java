package com.theeye.operator;

import com.theeye.event.EventTimestamps;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TableLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The deleted people of the Deletions table as operators change them: lifting a person's
 * suppression, so that their later events are stored again. The processor reads the same subject
 * item ({@link DeletionItems#subjectKey}); it may keep suppressing for up to its
 * SUPPRESSION_CACHE_SECONDS. The deletion's own record stays as the audit.
 */
final class Suppressions {

  /**
   * How long a warm processor may keep suppressing after a lift: its SUPPRESSION_CACHE_SECONDS'
   * default ({@code TrustCachesTest} holds it to the processor's).
   */
  static final Duration PROCESSOR_CACHE = Duration.ofSeconds(60);

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;

  Suppressions(DynamoDbClient dynamoDb, String table, Clock clock) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What a lift found.
   *
   * @param deletion the person's latest deletion
   * @param lifted whether this lift ended a suppression; false when there was none to end
   * @param suppressedSince when the suppression began
   * @param liftedAt when it was lifted: now, or by an earlier lift
   */
  record Lift(
      String deletion,
      boolean lifted,
      Optional<Instant> suppressedSince,
      Optional<Instant> liftedAt) {}

  /**
   * Sets the person's {@code suppressed} to false and {@code lifted_at} to now, when they are
   * suppressed and no deletion of theirs is running: one conditional UpdateItem, so a deletion
   * requested meanwhile is never undone.
   *
   * @throws NotLiftedException when no deletion named the person, or one still runs
   */
  Lift lift(DeletionSubject person) {
    Instant now = clock.instant();
    try {
      Map<String, AttributeValue> before =
          dynamoDb
              .updateItem(
                  b ->
                      b.tableName(table)
                          .key(DeletionItems.subjectKey(person))
                          .updateExpression("SET #suppressed = :false, #lifted = :now")
                          .conditionExpression(
                              "attribute_exists(#key) AND #suppressed = :true"
                                  + " AND (attribute_not_exists(#running) OR #running = :false)")
                          .expressionAttributeNames(
                              Map.of(
                                  "#key", TableLayout.DELETION_KEY,
                                  "#suppressed", DeletionItems.SUPPRESSED,
                                  "#lifted", DeletionItems.LIFTED_AT,
                                  "#running", DeletionItems.RUNNING))
                          .expressionAttributeValues(
                              Map.of(
                                  ":false", AttributeValue.fromBool(false),
                                  ":true", AttributeValue.fromBool(true),
                                  ":now", AttributeValue.fromS(EventTimestamps.format(now))))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes();
      return new Lift(
          text(before, DeletionItems.DELETION_ID).orElse("unknown"),
          true,
          timestamp(before, DeletionItems.SUPPRESSED_SINCE),
          Optional.of(now));
    } catch (ConditionalCheckFailedException e) {
      return whyNot(person);
    }
  }

  /** Why the lift's condition failed, read back (strongly consistent: it was just refused). */
  private Lift whyNot(DeletionSubject person) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b -> b.tableName(table).key(DeletionItems.subjectKey(person)).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      throw new NotLiftedException(
          "no deletion of " + describe(person) + " is recorded in table " + table);
    }
    String deletion = text(item, DeletionItems.DELETION_ID).orElse("unknown");
    AttributeValue running = item.get(DeletionItems.RUNNING);
    if (running != null && Boolean.TRUE.equals(running.bool())) {
      throw new NotLiftedException(
          "deletion "
              + deletion
              + " of "
              + describe(person)
              + " is still running: lift once it is done (GET /api/v1/deletions/"
              + deletion
              + "), or it would remove the events let in meanwhile");
    }
    return new Lift(
        deletion,
        false,
        timestamp(item, DeletionItems.SUPPRESSED_SINCE),
        timestamp(item, DeletionItems.LIFTED_AT));
  }

  /** {@code user ID of application APP}, as the operator named them. */
  static String describe(DeletionSubject person) {
    return person.kind().wireName()
        + " "
        + person.id()
        + " of application "
        + person.application().map(Object::toString).orElse("-");
  }

  private static Optional<String> text(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item == null ? null : item.get(attribute);
    return value == null ? Optional.empty() : Optional.ofNullable(value.s());
  }

  private static Optional<Instant> timestamp(Map<String, AttributeValue> item, String attribute) {
    return text(item, attribute).flatMap(EventTimestamps::parse);
  }

  /** A lift that cannot be done: the message says why. */
  static final class NotLiftedException extends RuntimeException {
    NotLiftedException(String message) {
      super(message);
    }
  }
}
