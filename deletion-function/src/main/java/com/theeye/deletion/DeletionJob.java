package com.theeye.deletion;

import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionSubject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs a deletion's job for one order: takes the job's lease, deletes what an earlier run left
 * pending, sweeps the subject's data once, and then either orders its own continuation (time ran
 * short), orders one more sweep for when events in flight have landed (a person, within {@link
 * DeletionConfig#settle} of the request), or marks the deletion done.
 */
final class DeletionJob {

  /** How many chunks one run deletes at once, each recorded in its own pending slot. */
  static final int SLOTS = 4;

  private final DeletionConfig config;
  private final DeletionJournal journal;
  private final BatchDeletes deletes;
  private final PersonSweep persons;
  private final SessionSweep sessions;
  private final DeletionOrders orders;
  private final Clock clock;
  private final int slots;

  DeletionJob(
      DeletionConfig config,
      DeletionJournal journal,
      BatchDeletes deletes,
      PersonSweep persons,
      SessionSweep sessions,
      DeletionOrders orders,
      Clock clock,
      int slots) {
    this.config = config;
    this.journal = journal;
    this.deletes = deletes;
    this.persons = persons;
    this.sessions = sessions;
    this.orders = orders;
    this.clock = clock;
    this.slots = slots;
  }

  static DeletionJob create(DeletionConfig config, DynamoDbClient dynamoDb, SqsClient sqs) {
    return create(config, dynamoDb, sqs, Clock.systemUTC(), SLOTS);
  }

  static DeletionJob create(
      DeletionConfig config, DynamoDbClient dynamoDb, SqsClient sqs, Clock clock, int slots) {
    SessionEvents events = new SessionEvents(dynamoDb, config.eventsTable());
    InvalidEventSweep invalidEvents =
        new InvalidEventSweep(dynamoDb, config.invalidEventsTable(), config.indexShards());
    return new DeletionJob(
        config,
        new DeletionJournal(dynamoDb, config.deletionsTable()),
        new BatchDeletes(dynamoDb, config),
        new PersonSweep(
            new PersonSessions(dynamoDb, config.identitiesTable()), events, invalidEvents),
        new SessionSweep(
            dynamoDb,
            config.sessionsTable(),
            events,
            new ExistingItems(dynamoDb, config.identitiesTable()),
            invalidEvents),
        new DeletionOrders(sqs, config.deletionsQueueUrl()),
        clock,
        slots);
  }

  /**
   * @param remaining the invocation's time left: the lease lasts that long, so no other run takes
   *     the job while this one may still write
   * @param deadline when to stop starting work
   */
  JobOutcome run(UUID deletion, Duration remaining, Deadline deadline) {
    Optional<DeletionRecord> found = journal.read(deletion);
    if (found.isEmpty()) {
      return JobOutcome.nothingToDo(deletion, JobOutcome.Result.NOT_FOUND, Optional.empty());
    }
    Optional<DeletionSubject.Kind> kind = Optional.of(found.get().kind());
    if (found.get().status() == DeletionRecord.Status.DONE) {
      return JobOutcome.nothingToDo(deletion, JobOutcome.Result.ALREADY_DONE, kind);
    }
    Instant started = clock.instant();
    Lease lease = Lease.newFor(deletion);
    Optional<HeldJob> held = journal.hold(lease, started, started.plus(remaining));
    if (held.isEmpty()) {
      // Another run holds the job, or held it and died (a kill -9 of make run, a crashed
      // environment): the order comes back when that lease ends, so a job whose run died is never
      // left without one. Should the holder finish first, the order finds the job done.
      Duration untilFree =
          journal
              .leaseUntil(deletion)
              .map(until -> Duration.between(started, until).plusSeconds(1))
              .filter(Duration::isPositive)
              .orElse(Duration.ofSeconds(1));
      orders.send(deletion, untilFree);
      return new JobOutcome(
          deletion,
          JobOutcome.Result.HELD_ELSEWHERE,
          kind,
          DeletionCounts.NONE,
          Optional.of(untilFree));
    }
    DeletionRecord record = held.get().record();
    DeletionSubject subject =
        record
            .subject()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "deletion " + deletion + " is not done but keeps no subject id"));
    // Decided before the sweep, for the whole run: a sweep that began within the settle time may
    // miss events still landing, so another follows, and only the last removes the mappings.
    Duration settling = Duration.between(started, record.requestedAt().plus(config.settle()));
    boolean last = !(subject.suppresses() && settling.isPositive());
    Sweep sweep;
    try {
      sweep = sweep(held.get(), subject, last, deadline);
    } catch (RuntimeException e) {
      releaseAfterFailure(lease, e);
      throw e;
    }
    if (!sweep.complete()) {
      journal.release(lease, sweep.settledSlots());
      orders.send(deletion, Duration.ZERO);
      return new JobOutcome(
          deletion, JobOutcome.Result.CONTINUED, kind, sweep.deleted(), Optional.of(Duration.ZERO));
    }
    if (!last) {
      journal.release(lease, sweep.settledSlots());
      orders.send(deletion, settling);
      return new JobOutcome(
          deletion, JobOutcome.Result.SETTLING, kind, sweep.deleted(), Optional.of(settling));
    }
    journal.finish(lease, subject, clock.instant());
    return new JobOutcome(
        deletion, JobOutcome.Result.DONE, kind, sweep.deleted(), Optional.empty());
  }

  /** What a run's sweep did. */
  private record Sweep(boolean complete, Set<Integer> settledSlots, DeletionCounts deleted) {}

  private Sweep sweep(HeldJob held, DeletionSubject subject, boolean last, Deadline deadline) {
    ChunkPipeline pipeline = new ChunkPipeline(journal, deletes, held.lease(), slots, deadline);
    boolean complete;
    try (pipeline) {
      complete =
          pipeline.finishPending(held.pending()) && sweepSubject(held, subject, last, pipeline);
    }
    // Read once closed: a sweep cut short may have left chunks in flight, now landed.
    return new Sweep(complete, pipeline.settledSlots(), pipeline.counts());
  }

  private boolean sweepSubject(
      HeldJob held, DeletionSubject subject, boolean last, ChunkPipeline pipeline) {
    if (subject.kind() != DeletionSubject.Kind.SESSION) {
      return persons.sweep(subject, last, pipeline);
    }
    UUID session = UUID.fromString(subject.id());
    Optional<UUID> owner = sessions.owner(session);
    if (owner.isPresent() && held.record().application().isEmpty()) {
      journal.recordApplication(held.lease(), owner.get());
    }
    return sessions.sweep(session, owner, pipeline);
  }

  /**
   * Lets the next order's run take the job at once; its pending slots stay as they are, to be
   * deleted again. Should the release fail too (the table unreachable), the lease runs out by
   * itself, before SQS delivers the failed order again (the queue's visibility timeout is longer
   * than the function's timeout).
   */
  private void releaseAfterFailure(Lease lease, RuntimeException failure) {
    try {
      journal.release(lease, Set.of());
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
