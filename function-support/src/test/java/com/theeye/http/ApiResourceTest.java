package com.theeye.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiResourceTest {

  @Test
  void namesEachPathWithOrWithoutItsTrailingSlash() {
    assertEquals(Optional.of(ApiResource.EVENTS), ApiResource.of("/api/v1/events"));
    assertEquals(Optional.of(ApiResource.EVENTS), ApiResource.of("/api/v1/events/"));
    assertEquals(
        Optional.of(ApiResource.INVALID_EVENTS), ApiResource.of("/api/v1/invalid-events/"));
  }

  @Test
  void namesNoOtherPathEvenOneThatEndsLikeIt() {
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/sessions"));
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/events/extra"));
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/events/api/v1/events"));
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/eventsx"));
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/"));
  }

  @Test
  void namesAnItemByItsPrefixAndTakesEverythingAfterItAsTheId() {
    assertEquals(Optional.of(ApiResource.USER), ApiResource.of("/api/v1/users/42"));
    assertEquals(Optional.of("42"), ApiResource.USER.id("/api/v1/users/42"));
    assertEquals(Optional.of("a/b c"), ApiResource.USER.id("/api/v1/users/a/b c"));
    assertEquals(Optional.of("42/"), ApiResource.USER.id("/api/v1/users/42/"));
    assertEquals(Optional.of(ApiResource.DELETION), ApiResource.of("/api/v1/deletions/not-a-uuid"));
  }

  @Test
  void anItemsPrefixWithoutAnIdNamesNothing() {
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/users"));
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/users/"));
    assertEquals(Optional.empty(), ApiResource.of("/api/v1/usersx/42"));
    assertEquals(Optional.empty(), ApiResource.USER.id("/api/v1/anonymous/42"));
    assertEquals(Optional.empty(), ApiResource.EVENTS.id("/api/v1/events/"));
  }

  @Test
  void answersOtherMethodsWith405AndTheMethodsThePathServes() {
    HttpResponse events = ApiResource.EVENTS.methodNotAllowed("PUT");
    HttpResponse invalidEvents = ApiResource.INVALID_EVENTS.methodNotAllowed("POST");

    assertEquals(405, events.status());
    assertEquals("GET, POST", events.headers().get("allow"));
    assertEquals("Method \"PUT\" not allowed.", events.body().path("detail").asText());
    assertEquals("GET", invalidEvents.headers().get("allow"));
    assertEquals("DELETE", ApiResource.USER.methodNotAllowed("GET").headers().get("allow"));
  }
}
