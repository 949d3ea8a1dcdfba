package com.theeye.store;

import static com.theeye.store.Attributes.s;

import com.theeye.event.EventTimestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one codec of the Deletions table's items. Two kinds share its one key, {@link
 * TableLayout#DELETION_KEY}:
 *
 * <ul>
 *   <li>{@code deletion#<id>}: a deletion, its job's state and then its audit record ({@link
 *       DeletionRecord}); kept for good, no TTL;
 *   <li>{@code subject#<kind>#<application>#<hash>}: a subject's standing ({@link #subjectKey}):
 *       the deletion that last ran for it, whether one runs now (so a second request joins it), and
 *       for a person whether their later events are suppressed. The processor reads {@link
 *       #SUPPRESSED} here.
 * </ul>
 *
 * Renaming an attribute orphans every item already stored under it. The ingest function reads
 * subject items too, to tell a receipt's sender that its event was deleted ({@link #covers}).
 */
public final class DeletionItems {

  public static final String DELETION_ID = "deletion_id";
  public static final String KIND = "kind";
  public static final String APPLICATION = "application";
  public static final String SUBJECT_HASH = "subject_hash";

  /** The subject's own id, kept while the job runs only. */
  public static final String SUBJECT_ID = "subject_id";

  public static final String STATUS = "status";

  /**
   * When a deletion was requested; on a subject's item, when its latest deletion was: what a
   * receipt's lookup compares with its event's {@code received_at} ({@link #covers}).
   */
  public static final String REQUESTED_AT = "requested_at";

  public static final String REQUESTED_BY = "requested_by";
  public static final String FINISHED_AT = "finished_at";

  public static final String DELETED_EVENTS = "deleted_events";
  public static final String DELETED_INVALID_EVENTS = "deleted_invalid_events";
  public static final String DELETED_IDENTITIES = "deleted_identities";
  public static final String DELETED_MESSAGE_CLAIMS = "deleted_message_claims";
  public static final String DELETED_SESSIONS = "deleted_sessions";

  /**
   * On a deletion's item while its job runs: the write-ahead record of the deletes in flight, a map
   * from slot ({@code "0"}, {@code "1"}, ...) to the list of keys one BatchWriteItem deletes, each
   * a map of {@link #PENDING_TABLE} and {@link #PENDING_KEY}. The chunk's counts are added in the
   * same update, so a run that finds a slot deletes its keys again without counting them twice.
   */
  public static final String PENDING = "pending";

  /** In a {@link #PENDING} entry: which kind of item the key is ({@code events}, ...). */
  public static final String PENDING_TABLE = "table";

  /** In a {@link #PENDING} entry: the item's key, as its table has it. */
  public static final String PENDING_KEY = "key";

  /** On a deletion's item while a run of its job holds it: that run's random token. */
  public static final String LEASE_OWNER = "lease_owner";

  /**
   * With {@link #LEASE_OWNER}: epoch milliseconds until which the run holds the job (its Lambda
   * invocation's timeout), so a second order for the same deletion does not sweep alongside it.
   */
  public static final String LEASE_UNTIL = "lease_until";

  /** On a subject's item: true while its latest deletion runs. */
  public static final String RUNNING = "running";

  /** On a person's item: true from their deletion's request until an operator lifts it. */
  public static final String SUPPRESSED = "suppressed";

  /** On a person's item: when suppression began (the latest deletion's request). */
  public static final String SUPPRESSED_SINCE = "suppressed_since";

  /** On a person's item: when an operator last lifted the suppression. */
  public static final String LIFTED_AT = "lifted_at";

  private DeletionItems() {}

  /** The key of deletion {@code id}'s item. */
  public static Map<String, AttributeValue> deletionKey(UUID id) {
    return Map.of(TableLayout.DELETION_KEY, s("deletion#" + id));
  }

  /** The key of the subject's item, which names it by hash only. */
  public static Map<String, AttributeValue> subjectKey(DeletionSubject subject) {
    return Map.of(
        TableLayout.DELETION_KEY,
        s(
            "subject#"
                + subject.kind().wireName()
                + "#"
                + subject.application().map(UUID::toString).orElse("-")
                + "#"
                + subject.hash()));
  }

  public static Map<String, AttributeValue> toItem(DeletionRecord deletion) {
    Map<String, AttributeValue> item = new HashMap<>(deletionKey(deletion.id()));
    item.put(DELETION_ID, s(deletion.id().toString()));
    item.put(KIND, s(deletion.kind().wireName()));
    deletion
        .application()
        .ifPresent(application -> item.put(APPLICATION, s(application.toString())));
    item.put(SUBJECT_HASH, s(deletion.subjectHash()));
    deletion.subject().ifPresent(subject -> item.put(SUBJECT_ID, s(subject.id())));
    item.put(STATUS, s(deletion.status().wireName()));
    item.put(REQUESTED_AT, s(EventTimestamps.format(deletion.requestedAt())));
    item.put(REQUESTED_BY, s(deletion.requestedBy()));
    deletion.finishedAt().ifPresent(at -> item.put(FINISHED_AT, s(EventTimestamps.format(at))));
    DeletionCounts counts = deletion.counts();
    item.put(DELETED_EVENTS, number(counts.events()));
    item.put(DELETED_INVALID_EVENTS, number(counts.invalidEvents()));
    item.put(DELETED_IDENTITIES, number(counts.identities()));
    item.put(DELETED_MESSAGE_CLAIMS, number(counts.messageClaims()));
    item.put(DELETED_SESSIONS, number(counts.sessions()));
    return item;
  }

  /**
   * @throws IllegalStateException naming the attribute, when the item is not one {@link #toItem}
   *     writes
   */
  public static DeletionRecord fromItem(Map<String, AttributeValue> item) {
    DeletionSubject.Kind kind = DeletionSubject.Kind.ofWireName(Attributes.text(item, KIND));
    Optional<UUID> application = Attributes.optionalText(item, APPLICATION).map(UUID::fromString);
    Optional<DeletionSubject> subject =
        Attributes.optionalText(item, SUBJECT_ID)
            .map(
                id ->
                    new DeletionSubject(
                        kind,
                        kind == DeletionSubject.Kind.SESSION ? Optional.empty() : application,
                        id));
    return new DeletionRecord(
        Attributes.uuid(item, DELETION_ID),
        kind,
        application,
        Attributes.text(item, SUBJECT_HASH),
        subject,
        DeletionRecord.Status.ofWireName(Attributes.text(item, STATUS)),
        Attributes.timestamp(item, REQUESTED_AT),
        Attributes.text(item, REQUESTED_BY),
        Attributes.optionalTimestamp(item, FINISHED_AT),
        new DeletionCounts(
            count(item, DELETED_EVENTS),
            count(item, DELETED_INVALID_EVENTS),
            count(item, DELETED_IDENTITIES),
            count(item, DELETED_MESSAGE_CLAIMS),
            count(item, DELETED_SESSIONS)));
  }

  /**
   * The UpdateItem that makes {@code deletion} the subject's running deletion: its item names the
   * deletion, says it runs and when it was requested ({@code since}), and for a person suppresses
   * their later events from then on. Conditional on no deletion of the subject running, so two
   * requests never start two: the second gets {@code ConditionalCheckFailedException} and joins the
   * one its {@link #runningDeletion} names.
   */
  public static UpdateItemRequest start(
      String table, DeletionSubject subject, UUID deletion, Instant since) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> sets = new ArrayList<>();
    Map<String, AttributeValue> set = new HashMap<>();
    set.put(DELETION_ID, s(deletion.toString()));
    set.put(RUNNING, AttributeValue.fromBool(true));
    set.put(KIND, s(subject.kind().wireName()));
    subject.application().ifPresent(application -> set.put(APPLICATION, s(application.toString())));
    set.put(SUBJECT_HASH, s(subject.hash()));
    set.put(REQUESTED_AT, s(EventTimestamps.format(since)));
    if (subject.suppresses()) {
      set.put(SUPPRESSED, AttributeValue.fromBool(true));
      set.put(SUPPRESSED_SINCE, s(EventTimestamps.format(since)));
    }
    set.forEach(
        (attribute, value) -> {
          names.put("#" + attribute, attribute);
          values.put(":" + attribute, value);
          sets.add("#" + attribute + " = :" + attribute);
        });
    values.put(":not_running", AttributeValue.fromBool(false));
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(subjectKey(subject))
        .updateExpression("SET " + String.join(", ", sets.stream().sorted().toList()))
        .conditionExpression("attribute_not_exists(#running) OR #running = :not_running")
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .build();
  }

  /** The deletion a subject's item (as read, possibly empty) names while it runs. */
  public static Optional<UUID> runningDeletion(Map<String, AttributeValue> subjectItem) {
    if (subjectItem == null || subjectItem.isEmpty()) {
      return Optional.empty();
    }
    AttributeValue running = subjectItem.get(RUNNING);
    if (running == null || !Boolean.TRUE.equals(running.bool())) {
      return Optional.empty();
    }
    return Optional.of(Attributes.uuid(subjectItem, DELETION_ID));
  }

  /** Whether a subject's item (as read, possibly empty) suppresses the subject's events. */
  public static boolean suppressed(Map<String, AttributeValue> subjectItem) {
    AttributeValue value = subjectItem == null ? null : subjectItem.get(SUPPRESSED);
    return value != null && Boolean.TRUE.equals(value.bool());
  }

  /**
   * Whether a subject's item (as read, possibly empty) says an event of the subject received at
   * {@code receivedAt} was deleted, or will be, if it is not stored: the person is suppressed now;
   * or a deletion of the subject was requested at or after the event was received (that deletion's
   * sweep removes it); or the event came before the person's suppression was last lifted (it was
   * suppressed, or a deletion before the lift removed it). An item without {@link #REQUESTED_AT}
   * (written before subjects' items had it) tells only whether the person is suppressed.
   */
  public static boolean covers(Map<String, AttributeValue> subjectItem, Instant receivedAt) {
    if (subjectItem == null || subjectItem.isEmpty()) {
      return false;
    }
    return suppressed(subjectItem)
        || Attributes.optionalTimestamp(subjectItem, REQUESTED_AT)
            .map(requested -> !requested.isBefore(receivedAt))
            .orElse(false)
        || Attributes.optionalTimestamp(subjectItem, LIFTED_AT)
            .map(lifted -> lifted.isAfter(receivedAt))
            .orElse(false);
  }

  public static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static long count(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    if (value == null || value.n() == null) {
      throw new IllegalStateException("stored item has no number attribute " + attribute);
    }
    return Long.parseLong(value.n());
  }
}
