package com.theeye.deletion;

import com.theeye.event.EventTimestamps;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionRecords;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TableLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The job's writes to the Deletions table ({@link DeletionItems}): the deletion's item is both its
 * record and the job's write-ahead journal. A run takes a lease on it, records each chunk as
 * pending with its counts before deleting it, and at the end either releases the lease or marks the
 * deletion done; every write after the lease's is conditional on holding it.
 */
final class DeletionJournal {

  private static final AttributeValue NO_PENDING = AttributeValue.fromM(Map.of());

  private final DynamoDbClient dynamoDb;
  private final String table;

  DeletionJournal(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /** The deletion's record, read consistently; empty when there is none. */
  Optional<DeletionRecord> read(UUID deletion) {
    return DeletionRecords.find(dynamoDb, table, deletion);
  }

  /**
   * When the lease on deletion {@code deletion} ends: empty when none was ever taken, or the item
   * is gone.
   */
  Optional<Instant> leaseUntil(UUID deletion) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(table)
                        .key(DeletionItems.deletionKey(deletion))
                        .consistentRead(true)
                        .projectionExpression("#until")
                        .expressionAttributeNames(Map.of("#until", DeletionItems.LEASE_UNTIL)))
            .item();
    AttributeValue until = item == null ? null : item.get(DeletionItems.LEASE_UNTIL);
    return until == null || until.n() == null
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(Long.parseLong(until.n())));
  }

  /**
   * Takes the job for a run until {@code until} and marks it running: refused (empty) when the
   * deletion is unknown or done, or another run's lease has not yet expired at {@code now}.
   */
  Optional<HeldJob> hold(Lease lease, Instant now, Instant until) {
    Map<String, String> names = new HashMap<>();
    names.put("#key", TableLayout.DELETION_KEY);
    names.put("#status", DeletionItems.STATUS);
    names.put("#owner", DeletionItems.LEASE_OWNER);
    names.put("#until", DeletionItems.LEASE_UNTIL);
    names.put("#pending", DeletionItems.PENDING);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":running", status(DeletionRecord.Status.RUNNING));
    values.put(":done", status(DeletionRecord.Status.DONE));
    values.put(":me", AttributeValue.fromS(lease.owner()));
    values.put(":until", DeletionItems.number(until.toEpochMilli()));
    values.put(":now", DeletionItems.number(now.toEpochMilli()));
    values.put(":none", NO_PENDING);
    try {
      Map<String, AttributeValue> item =
          dynamoDb
              .updateItem(
                  b ->
                      b.tableName(table)
                          .key(DeletionItems.deletionKey(lease.deletion()))
                          .updateExpression(
                              "SET #status = :running, #owner = :me, #until = :until,"
                                  + " #pending = if_not_exists(#pending, :none)")
                          .conditionExpression(
                              "attribute_exists(#key) AND #status <> :done"
                                  + " AND (attribute_not_exists(#until) OR #until < :now)")
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values)
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      return Optional.of(new HeldJob(lease, DeletionItems.fromItem(item), pendingOf(item)));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /**
   * Records {@code chunk} in {@code slot} (replacing the slot's last chunk, whose deletes are done)
   * and adds its counts: before any of its keys is deleted, so a run that dies meanwhile is
   * finished by the next, which deletes the slot's keys without counting them again.
   */
  void pend(Lease lease, int slot, Chunk chunk) {
    Map<String, String> names = leaseNames();
    names.put("#pending", DeletionItems.PENDING);
    names.put("#slot", Integer.toString(slot));
    Map<String, AttributeValue> values = leaseValues(lease);
    values.put(":chunk", chunk.toPending());
    List<String> adds = new ArrayList<>();
    chunk
        .countsByKind()
        .forEach(
            (kind, n) -> {
              names.put("#n_" + kind.wireName(), kind.countAttribute());
              values.put(":n_" + kind.wireName(), DeletionItems.number(n));
              adds.add("#n_" + kind.wireName() + " :n_" + kind.wireName());
            });
    update(lease, "SET #pending.#slot = :chunk ADD " + String.join(", ", adds), names, values);
  }

  /** Records the application a session's deletion found to own the session. */
  void recordApplication(Lease lease, UUID application) {
    Map<String, String> names = leaseNames();
    names.put("#application", DeletionItems.APPLICATION);
    Map<String, AttributeValue> values = leaseValues(lease);
    values.put(":application", AttributeValue.fromS(application.toString()));
    update(lease, "SET #application = :application", names, values);
  }

  /**
   * Ends the run without finishing the job: its slots in {@code settled} (whose last chunk was
   * deleted) are cleared, and the lease released so the next order's run can take the job at once.
   */
  void release(Lease lease, Set<Integer> settled) {
    Map<String, String> names = leaseNames();
    names.put("#until", DeletionItems.LEASE_UNTIL);
    StringBuilder remove = new StringBuilder("REMOVE #owner, #until");
    if (!settled.isEmpty()) {
      names.put("#pending", DeletionItems.PENDING);
    }
    for (int slot : settled) {
      names.put("#s" + slot, Integer.toString(slot));
      remove.append(", #pending.#s").append(slot);
    }
    update(lease, remove.toString(), names, leaseValues(lease));
  }

  /**
   * Marks the job done: first the subject's item no longer running (so a new request for the
   * subject starts a new deletion; only if this deletion is still the subject's latest), then the
   * record done, with {@code finished_at}, without the subject's id, the pending slots or the
   * lease. A run that dies between the two leaves a record the next order finishes.
   */
  void finish(Lease lease, DeletionSubject subject, Instant now) {
    try {
      dynamoDb.updateItem(
          b ->
              b.tableName(table)
                  .key(DeletionItems.subjectKey(subject))
                  .updateExpression("SET #running = :false")
                  .conditionExpression("#deletion = :deletion")
                  .expressionAttributeNames(
                      Map.of(
                          "#running",
                          DeletionItems.RUNNING,
                          "#deletion",
                          DeletionItems.DELETION_ID))
                  .expressionAttributeValues(
                      Map.of(
                          ":false",
                          AttributeValue.fromBool(false),
                          ":deletion",
                          AttributeValue.fromS(lease.deletion().toString()))));
    } catch (ConditionalCheckFailedException e) {
      // The subject's item names a later deletion (or none): its standing is that one's to change.
    }
    Map<String, String> names = leaseNames();
    names.put("#until", DeletionItems.LEASE_UNTIL);
    names.put("#status", DeletionItems.STATUS);
    names.put("#finished", DeletionItems.FINISHED_AT);
    names.put("#subject", DeletionItems.SUBJECT_ID);
    names.put("#pending", DeletionItems.PENDING);
    Map<String, AttributeValue> values = leaseValues(lease);
    values.put(":done", status(DeletionRecord.Status.DONE));
    values.put(":now", AttributeValue.fromS(EventTimestamps.format(now)));
    update(
        lease,
        "SET #status = :done, #finished = :now REMOVE #subject, #pending, #owner, #until",
        names,
        values);
  }

  private void update(
      Lease lease,
      String expression,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    try {
      dynamoDb.updateItem(
          b ->
              b.tableName(table)
                  .key(DeletionItems.deletionKey(lease.deletion()))
                  .updateExpression(expression)
                  .conditionExpression("#owner = :me")
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      throw new IllegalStateException(
          "deletion " + lease.deletion() + ": this run no longer holds the job's lease", e);
    }
  }

  private static Map<String, String> leaseNames() {
    Map<String, String> names = new HashMap<>();
    names.put("#owner", DeletionItems.LEASE_OWNER);
    return names;
  }

  private static Map<String, AttributeValue> leaseValues(Lease lease) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":me", AttributeValue.fromS(lease.owner()));
    return values;
  }

  private static Map<Integer, Chunk> pendingOf(Map<String, AttributeValue> item) {
    AttributeValue pending = item.get(DeletionItems.PENDING);
    Map<Integer, Chunk> chunks = new TreeMap<>();
    if (pending == null || !pending.hasM()) {
      return chunks;
    }
    pending
        .m()
        .forEach((slot, keys) -> chunks.put(Integer.parseInt(slot), Chunk.fromPending(keys)));
    return chunks;
  }

  private static AttributeValue status(DeletionRecord.Status status) {
    return AttributeValue.fromS(status.wireName());
  }
}
