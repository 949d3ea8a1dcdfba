package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.Fixtures;
import com.theeye.testsupport.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in events/ingest/ through the real handler, so the samples operators feed to {@code
 * sam local invoke} cannot drift from what the function answers.
 */
@ExtendWith(AwsEmulators.class)
class SampleEventsTest {

  static Stream<String> samples() throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.repoRoot().resolve("events/ingest"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleGetsTheAnswerItsNamePromises(String sample, AwsTestEnvironment aws)
      throws IOException {
    TableNames tables = aws.createTables();
    String queueUrl = aws.createQueue("events");
    aws.putApplication(tables, UUID.fromString(Seed.APPLICATION), "consumer affairs", true);
    IngestConfig config =
        IngestConfig.fromEnv(
            java.util.Map.of(
                "AWS_REGION",
                "us-east-1",
                "APPLICATIONS_TABLE",
                tables.applications(),
                "EVENTS_QUEUE_URL",
                queueUrl,
                "EVENTS_TABLE",
                tables.events(),
                "INVALID_EVENTS_TABLE",
                tables.invalidEvents(),
                "DELETIONS_TABLE",
                tables.deletions(),
                "CURSOR_SECRET_ARN",
                Seed.SECRET_ARN));
    IngestHandler handler =
        new IngestHandler(
            IngestService.create(
                config, aws.sqs(), aws.dynamoDb(), Clock.systemUTC(), Seed.RECEIPT_KEYS),
            config.metricsNamespace());

    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(
            Fixtures.read("events/ingest/" + sample).getBytes(StandardCharsets.UTF_8)),
        output,
        new TestLambdaContext());

    JsonNode response = ExactJson.MAPPER.readTree(output.toString(StandardCharsets.UTF_8));
    JsonNode body = ExactJson.MAPPER.readTree(response.get("body").asText());
    int expected =
        sample.contains("missing-fields")
            ? 400
            : sample.contains("missing-application") ? 401 : 202;
    assertEquals(expected, response.get("statusCode").asInt(), body::toString);
    if (expected == 202) {
      int events = body.isArray() ? body.size() : 1;
      // An array travels packed in one message.
      var messages = aws.receive(queueUrl, 1, java.time.Duration.ofSeconds(5));
      assertEquals(1, messages.size());
      assertEquals(events, EventCodec.fromAnyMessage(messages.getFirst().body()).size());
      assertTrue(body.isArray() == sample.contains("batch"), "a batch is answered with an array");
    }
  }
}
