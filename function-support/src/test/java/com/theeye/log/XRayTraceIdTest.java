package com.theeye.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class XRayTraceIdTest {

  private static final String ID = "1-5759e988-bd862e3fe1be46a994272793";

  @Test
  void isTheRootOfLambdasTracingHeader() {
    assertEquals(
        Optional.of(ID), XRayTraceId.root("Root=" + ID + ";Parent=53995c3f42cd8ad8;Sampled=1"));
    assertEquals(Optional.of(ID), XRayTraceId.root("Root=" + ID));
  }

  @Test
  void isFoundWhereverTheRootStandsInTheHeader() {
    assertEquals(
        Optional.of(ID), XRayTraceId.root("Parent=53995c3f42cd8ad8; Root=" + ID + ";Sampled=0"));
  }

  @Test
  void aBareTraceIdIsItself() {
    assertEquals(Optional.of(ID), XRayTraceId.root(ID));
  }

  @Test
  void isAbsentWithoutAHeaderOrARoot() {
    assertEquals(Optional.empty(), XRayTraceId.root(null));
    assertEquals(Optional.empty(), XRayTraceId.root(""));
    assertEquals(Optional.empty(), XRayTraceId.root("Parent=53995c3f42cd8ad8;Sampled=1"));
    assertEquals(Optional.empty(), XRayTraceId.root("Root=;Sampled=1"));
  }

  @Test
  void theInvocationsOwnHeaderComesBeforeTheProcessWideOnes() {
    assertEquals(
        Optional.of("1-a-b"),
        XRayTraceId.firstRoot("Root=1-a-b;Sampled=1", "Root=1-c-d", "Root=1-e-f"));
    assertEquals(Optional.of("1-c-d"), XRayTraceId.firstRoot(null, "Root=1-c-d", "Root=1-e-f"));
    assertEquals(Optional.of("1-e-f"), XRayTraceId.firstRoot(null, null, "Root=1-e-f"));
    assertEquals(Optional.empty(), XRayTraceId.firstRoot(null, null, null));
  }
}
