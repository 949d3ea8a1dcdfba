package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.ingest.IngestConfig;
import com.theeye.processor.BatchProcessor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code applications disable} and {@code enable} print is what the functions do. */
class TrustCachesTest {

  @Test
  void theIngestDefaultsAreTheIngestFunctions() {
    Map<String, String> env = new HashMap<>();
    IngestConfig.REQUIRED_ENVIRONMENT.forEach(name -> env.put(name, "eu-west-1"));
    IngestConfig defaults = IngestConfig.fromEnv(env);

    assertEquals(defaults.trustedCacheTtl(), TrustCaches.DEFAULT_INGEST_TRUSTED);
    assertEquals(defaults.untrustedCacheTtl(), TrustCaches.DEFAULT_INGEST_UNTRUSTED);
  }

  @Test
  void theProcessorTimesAreTheProcessorsOwn() throws ReflectiveOperationException {
    // Package-private in the processor: read, not copied, so a change there fails here.
    assertEquals(processorTime("TRUSTED_TTL"), TrustCaches.PROCESSOR_TRUSTED);
    assertEquals(processorTime("UNTRUSTED_TTL"), TrustCaches.PROCESSOR_UNTRUSTED);
  }

  @Test
  void aDisableTakesEffectWhenTheLongerOfTheTwoCachesExpires() {
    TrustCaches caches = TrustCaches.of(stack(Map.of("TrustedCacheSeconds", "120")));

    assertTrue(
        caches.whenDisabled().startsWith("takes effect within 120 s"), caches.whenDisabled());
    assertTrue(
        caches
            .whenDisabled()
            .contains("TRUSTED_CACHE_SECONDS: 120 s, the stack's TrustedCacheSeconds"),
        caches.whenDisabled());
    assertTrue(
        TrustCaches.of(stack(Map.of("TrustedCacheSeconds", "5")))
            .whenDisabled()
            .startsWith("takes effect within 60 s"),
        "the processor's 60 s");
  }

  @Test
  void makeRunsCachesAreTheDefaults() {
    TrustCaches caches = TrustCaches.localRun();

    assertTrue(caches.whenDisabled().startsWith("takes effect within 60 s"), caches.whenDisabled());
    assertTrue(caches.whenDisabled().contains("make run's default"), caches.whenDisabled());
    assertTrue(caches.whenEnabled().startsWith("takes effect within 10 s"), caches.whenEnabled());
    assertTrue(
        caches.whenOriginsChanged().startsWith("takes effect within 60 s"),
        caches.whenOriginsChanged());
  }

  @Test
  void withoutTheStackTheDefaultIsSaidToBeOne() {
    assertTrue(
        TrustCaches.assumedDefaults().whenDisabled().contains("--stack NAME reads it"),
        TrustCaches.assumedDefaults().whenDisabled());
  }

  @Test
  void aStackParameterThatIsNoNumberIsNamed() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> TrustCaches.of(stack(Map.of("UntrustedCacheSeconds", "ten"))));
    assertEquals(
        "stack the-eye: parameter UntrustedCacheSeconds is not a number: ten", e.getMessage());
  }

  private static DeployedStack stack(Map<String, String> parameters) {
    return new DeployedStack("the-eye", Map.of(), parameters);
  }

  private static Duration processorTime(String name) throws ReflectiveOperationException {
    Field field = BatchProcessor.class.getDeclaredField(name);
    field.setAccessible(true);
    return (Duration) field.get(null);
  }
}
