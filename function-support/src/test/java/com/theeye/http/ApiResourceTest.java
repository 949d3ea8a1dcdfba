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
  void answersOtherMethodsWith405AndTheMethodsThePathServes() {
    HttpResponse events = ApiResource.EVENTS.methodNotAllowed("PUT");
    HttpResponse invalidEvents = ApiResource.INVALID_EVENTS.methodNotAllowed("POST");

    assertEquals(405, events.status());
    assertEquals("GET, POST", events.headers().get("allow"));
    assertEquals("Method \"PUT\" not allowed.", events.body().path("detail").asText());
    assertEquals("GET", invalidEvents.headers().get("allow"));
  }
}
