package com.theeye.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ColdStartTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"on-demand", "snap-start"})
  void onlyTheFirstInvocationOfAnEnvironmentIsCold(String initializationType) {
    ColdStart coldStart = ColdStart.of(initializationType);

    assertTrue(coldStart.take());
    assertFalse(coldStart.take());
    assertFalse(coldStart.take());
  }

  @Test
  void anEnvironmentOfProvisionedConcurrencyIsNeverCold() {
    assertFalse(ColdStart.of("provisioned-concurrency").take());
  }

  @Test
  void theFirstInvocationAfterASnapStartRestoreIsColdAgain() {
    ColdStart coldStart = ColdStart.of("snap-start");
    coldStart.take();

    coldStart.restored();

    assertTrue(coldStart.take());
    assertFalse(coldStart.take());
  }

  @Test
  void concurrentFirstInvocationsHaveOneColdStartBetweenThem() {
    // The local runner's HTTP threads call one handler at once.
    ColdStart coldStart = ColdStart.of(null);

    List<Boolean> taken =
        IntStream.range(0, 16)
            .mapToObj(i -> CompletableFuture.supplyAsync(coldStart::take))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .toList();

    assertEquals(1, taken.stream().filter(cold -> cold).count(), taken::toString);
  }
}
