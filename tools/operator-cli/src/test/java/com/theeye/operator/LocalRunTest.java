package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunTest {

  @TempDir Path data;

  @Test
  void readsWhatARunningMakeRunRecordedInItsDataFolder() throws Exception {
    Files.writeString(
        data.resolve("endpoints.json"),
        """
        {"api": "http://127.0.0.1:8123", "region": "us-east-1",
         "sqs_endpoint": "http://127.0.0.1:1001", "dynamodb_endpoint": "http://127.0.0.1:1002",
         "events_queue_url": "http://127.0.0.1:1001/000000000000/the-eye-events",
         "applications_table": "the-eye-applications", "invalid_events_table": "the-eye-invalid-events",
         "index_shards": 8}""");

    LocalRun run = LocalRun.find(Map.of("EYE_DATA_DIR", data.toString()));

    assertEquals(URI.create("http://127.0.0.1:8123"), run.api());
    assertEquals(URI.create("http://127.0.0.1:1002"), run.dynamoDbEndpoint());
    assertEquals("the-eye-applications", run.applicationsTable());
  }

  @Test
  void withoutEyeDataDirItLooksWhereMakeRunKeepsItsData() {
    assertEquals(
        Path.of(".local-data").toAbsolutePath(), LocalRun.dataDirectory(Map.of("HOME", "/x")));
  }

  @Test
  void withoutARunningMakeRunSaysWhatToDo() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LocalRun.find(Map.of("EYE_DATA_DIR", data.toString())));

    assertTrue(e.getMessage().startsWith("no running `make run` found"), e::getMessage);
    assertTrue(e.getMessage().contains("start it, or pass --stack NAME"), e::getMessage);
  }

  @Test
  void aFileWithoutTheApiIsNamed() throws Exception {
    Files.writeString(data.resolve("endpoints.json"), "{\"sqs_endpoint\": \"http://x:1\"}");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalRun.read(data));
    assertTrue(e.getMessage().endsWith("lacks api: restart `make run`"), e::getMessage);
  }
}
