package com.theeye.deletion;

import static com.theeye.deletion.DeletionFixture.pageview;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.Event;
import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionSubject;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A person's deletion (a user id or an anonymous id of one application): their events, invalid
 * events, mappings to sessions and messageId claims go, from every session; another person's in the
 * same sessions, and the same id's in another application, stay.
 */
@ExtendWith(AwsEmulators.class)
class PersonDeletionTest {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final UUID BLOG = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

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
  void aUsersDataGoesFromEverySessionWhileOthersInTheSameSessionsStay() {
    UUID laptop = UUID.randomUUID();
    UUID phone = UUID.randomUUID();
    UUID shared = UUID.randomUUID();
    UUID blogSession = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(pageview(SHOP, laptop, "u42", "a-laptop", true));
      events.add(pageview(SHOP, shared, i % 2 == 0 ? "u42" : "u7", "a-shared", true));
    }
    for (int i = 0; i < 5; i++) {
      events.add(pageview(SHOP, phone, "u42", null, true));
      events.add(pageview(SHOP, phone, "u42", null, false));
      events.add(pageview(SHOP, shared, "u7", "a-shared", false));
      events.add(pageview(BLOG, blogSession, "u42", null, true));
      events.add(pageview(BLOG, blogSession, "u42", null, false));
    }
    eye.store(events);
    DeletionSubject u42 = DeletionSubject.user(SHOP, "u42");
    UUID deletion = eye.request(u42);

    JobOutcome outcome = eye.run(eye.job(), deletion);

    assertEquals(JobOutcome.Result.DONE, outcome.result());
    DeletionCounts expected = new DeletionCounts(30 + 15 + 5, 5, 3, 30 + 15 + 5, 0);
    assertEquals(expected, outcome.deleted());
    DeletionRecord record = eye.record(deletion);
    assertEquals(DeletionRecord.Status.DONE, record.status());
    assertEquals(expected, record.counts());
    assertTrue(record.finishedAt().isPresent());
    assertEquals(Optional.empty(), record.subject(), "the subject's id is no longer kept");
    Map<String, AttributeValue> item = eye.deletionItem(deletion);
    assertFalse(item.containsKey(DeletionItems.SUBJECT_ID));
    assertFalse(item.containsKey(DeletionItems.PENDING));
    assertFalse(item.containsKey(DeletionItems.LEASE_OWNER));
    Map<String, AttributeValue> standing = eye.subjectItem(u42);
    assertFalse(standing.get(DeletionItems.RUNNING).bool());
    assertTrue(DeletionItems.suppressed(standing), "later events of the user stay suppressed");

    List<Map<String, AttributeValue>> left = eye.events();
    assertTrue(
        left.stream()
            .noneMatch(
                e ->
                    "u42".equals(DeletionFixture.userOf(e))
                        && e.get("application").s().equals(SHOP.toString())));
    assertEquals(15, left.stream().filter(e -> "u7".equals(DeletionFixture.userOf(e))).count());
    assertEquals(
        5,
        left.stream().filter(e -> e.get("application").s().equals(BLOG.toString())).count(),
        "the same user id in another application is another person");
    List<Event> invalid = eye.invalidEvents();
    assertEquals(10, invalid.size());
    assertTrue(
        invalid.stream()
            .noneMatch(
                e ->
                    e.application().equals(SHOP)
                        && e.identity().userId().equals(Optional.of("u42"))));
    assertEquals(
        List.of(
            "anon#a-laptop " + SHOP + "#" + laptop,
            "anon#a-shared " + SHOP + "#" + shared,
            "user#u42 " + BLOG + "#" + blogSession,
            "user#u7 " + SHOP + "#" + shared),
        eye.identities().stream().sorted().toList(),
        "the user's mappings in the application go; the anonymous ids' stay");
    assertEquals(15 + 5, eye.messageClaims().size(), "u7's and BLOG's claims stay");
    assertEquals(4, eye.sessionOwners().size(), "a person's deletion leaves the sessions' owners");
  }

  @Test
  void anAnonymousIdsEventsGoWhateverUserTheyNameAndItsMappingsWithThem() {
    UUID browser = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(pageview(SHOP, browser, null, "a-1", true));
      events.add(pageview(SHOP, browser, "u42", "a-1", true));
      events.add(pageview(SHOP, browser, null, "a-2", true));
    }
    events.add(pageview(SHOP, browser, null, "a-1", false));
    eye.store(events);
    DeletionSubject anonymous = DeletionSubject.anonymous(SHOP, "a-1");
    UUID deletion = eye.request(anonymous);

    JobOutcome outcome = eye.run(eye.job(), deletion);

    assertEquals(JobOutcome.Result.DONE, outcome.result());
    assertEquals(new DeletionCounts(8, 1, 1, 8, 0), eye.record(deletion).counts());
    assertEquals(
        List.of("a-2"),
        eye.events().stream().map(DeletionFixture::anonymousOf).distinct().toList());
    assertEquals(
        List.of("anon#a-2 " + SHOP + "#" + browser, "user#u42 " + SHOP + "#" + browser),
        eye.identities().stream().sorted().toList(),
        "the user's mapping stays: it is the user's, though their events here are gone");
    assertEquals(List.of(), eye.invalidEvents());
  }

  @Test
  void aPersonWithNoDataIsDoneWithZeroCounts() {
    eye.store(List.of(pageview(SHOP, UUID.randomUUID(), "u7", null, true)));
    UUID deletion = eye.request(DeletionSubject.user(SHOP, "nobody"));

    JobOutcome outcome = eye.run(eye.job(), deletion);

    assertEquals(JobOutcome.Result.DONE, outcome.result());
    DeletionRecord record = eye.record(deletion);
    assertEquals(DeletionRecord.Status.DONE, record.status());
    assertEquals(DeletionCounts.NONE, record.counts());
    assertEquals(1, eye.events().size());
  }

  @Test
  void runningTheSameOrderAgainDoesNothingMoreAndCountsStay() {
    UUID browser = UUID.randomUUID();
    eye.store(
        List.of(
            pageview(SHOP, browser, "u42", null, true),
            pageview(SHOP, browser, "u42", null, false)));
    UUID deletion = eye.request(DeletionSubject.user(SHOP, "u42"));
    DeletionJob job = eye.job();
    eye.run(job, deletion);
    DeletionRecord first = eye.record(deletion);

    JobOutcome again = eye.run(job, deletion);

    assertEquals(JobOutcome.Result.ALREADY_DONE, again.result());
    assertEquals(first, eye.record(deletion));
    assertEquals(new DeletionCounts(1, 1, 1, 1, 0), first.counts());
  }

  @Test
  void anOrderForADeletionNeverRecordedIsNothingToDo() {
    JobOutcome outcome = eye.run(eye.job(), UUID.randomUUID());

    assertEquals(JobOutcome.Result.NOT_FOUND, outcome.result());
  }
}
