package com.theeye.deletion;

import static com.theeye.deletion.DeletionFixture.pageview;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.theeye.event.Event;
import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionSubject;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session's deletion: every event in it, whoever's, with their messageId claims, the mappings of
 * the people its events name to it, the owner's invalid events of the session and the session's
 * ownership; another session's data stay, its people's included.
 */
@ExtendWith(AwsEmulators.class)
class SessionDeletionTest {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");

  private DeletionFixture eye;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    eye = new DeletionFixture(aws);
  }

  @AfterEach
  void close() {
    eye.close();
  }

  @Test
  void everythingOfTheSessionGoesAndItsOwnerIsRecorded() {
    UUID doomed = UUID.randomUUID();
    UUID kept = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(pageview(SHOP, doomed, i % 2 == 0 ? "u42" : null, "a-1", true));
      events.add(pageview(SHOP, kept, "u42", "a-1", true));
    }
    events.add(pageview(SHOP, doomed, "u7", null, true));
    events.add(pageview(SHOP, doomed, "u42", "a-1", false));
    events.add(pageview(SHOP, kept, "u42", "a-1", false));
    eye.store(events);
    DeletionSubject session = DeletionSubject.session(doomed);
    UUID deletion = eye.request(session);

    JobOutcome outcome = eye.run(eye.job(), deletion);

    assertEquals(JobOutcome.Result.DONE, outcome.result());
    DeletionRecord record = eye.record(deletion);
    assertEquals(new DeletionCounts(21, 1, 3, 21, 1), record.counts());
    assertEquals(Optional.of(SHOP), record.application(), "the owner found is recorded");
    assertEquals(Optional.empty(), record.subject());
    assertFalse(eye.subjectItem(session).get(DeletionItems.RUNNING).bool());
    assertFalse(
        DeletionItems.suppressed(eye.subjectItem(session)), "a session's deletion suppresses none");
    assertEquals(
        List.of(kept.toString()),
        eye.events().stream().map(e -> e.get("session_id").s()).distinct().toList());
    assertEquals(
        List.of("anon#a-1 " + SHOP + "#" + kept, "user#u42 " + SHOP + "#" + kept),
        eye.identities().stream().sorted().toList());
    assertEquals(List.of(kept), eye.invalidEvents().stream().map(Event::sessionId).toList());
    assertEquals(20, eye.messageClaims().size());
    assertEquals(List.of(kept.toString()), eye.sessionOwners());
  }

  @Test
  void aSessionNothingWasStoredForIsDoneWithZeroCountsAndNoApplication() {
    UUID deletion = eye.request(DeletionSubject.session(UUID.randomUUID()));

    JobOutcome outcome = eye.run(eye.job(), deletion);

    assertEquals(JobOutcome.Result.DONE, outcome.result());
    DeletionRecord record = eye.record(deletion);
    assertEquals(DeletionCounts.NONE, record.counts());
    assertEquals(Optional.empty(), record.application());
  }
}
