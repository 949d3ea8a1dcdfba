package com.theeye.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One deletion: its job's state while it runs, its audit record once done. Names the subject by
 * kind, application and {@link DeletionSubject#hash}; the id itself ({@code subject}) is kept only
 * while the job runs, so a job resumed after a crash can find the data, and is removed when it is
 * done.
 *
 * @param id the deletion's id, as {@code GET /api/v1/deletions/{id}} takes it
 * @param kind what the subject's id names
 * @param application the subject's application: given for a person, found (the session's owner) for
 *     a session, empty when nothing of the session was stored
 * @param subjectHash the subject's {@link DeletionSubject#hash}
 * @param subject the subject itself while the job runs; empty once done
 * @param status where the job is
 * @param requestedAt when the deletion was asked for
 * @param requestedBy who asked: the caller's IAM ARN on AWS, {@code local} under make run
 * @param finishedAt when the job was done
 * @param counts what it removed so far
 */
public record DeletionRecord(
    UUID id,
    DeletionSubject.Kind kind,
    Optional<UUID> application,
    String subjectHash,
    Optional<DeletionSubject> subject,
    Status status,
    Instant requestedAt,
    String requestedBy,
    Optional<Instant> finishedAt,
    DeletionCounts counts) {

  /** Where a deletion's job is, as its status answer spells it. */
  public enum Status {
    /** Recorded and ordered; no sweep has run yet. */
    ACCEPTED("accepted"),
    /** Sweeping, or waiting for the last sweep (after events in flight had time to land). */
    RUNNING("running"),
    /** Nothing of the subject is left; the subject's id is no longer kept. */
    DONE("done");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Status ofWireName(String name) {
      for (Status status : values()) {
        if (status.wireName.equals(name)) {
          return status;
        }
      }
      throw new IllegalArgumentException("no deletion status \"" + name + "\"");
    }
  }

  public DeletionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(subjectHash, "subjectHash");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(counts, "counts");
    if (subject.isPresent() && !subject.get().hash().equals(subjectHash)) {
      throw new IllegalArgumentException("the subject does not match its hash");
    }
    if ((status == Status.DONE) != finishedAt.isPresent()) {
      throw new IllegalArgumentException(status.wireName + " with finishedAt " + finishedAt);
    }
  }

  /** A deletion just asked for, not yet swept. */
  public static DeletionRecord accepted(
      UUID id, DeletionSubject subject, Instant requestedAt, String requestedBy) {
    return new DeletionRecord(
        id,
        subject.kind(),
        subject.application(),
        subject.hash(),
        Optional.of(subject),
        Status.ACCEPTED,
        requestedAt,
        requestedBy,
        Optional.empty(),
        DeletionCounts.NONE);
  }
}
