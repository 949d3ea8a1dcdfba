package com.theeye.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.store.TableNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code <data folder>/endpoints.json}: where the running {@code make run} listens and what its
 * tables and queue are called, so operator tools ({@code make replay}) need no settings. Written
 * once everything is up, removed at stop, so a file left behind means a runner that died. The
 * reader is the operator CLI's {@code ReplayTarget.fromLocalRun}; {@code LocalEyeTest} holds the
 * two to the same fields.
 */
final class EndpointsFile {

  static final String NAME = "endpoints.json";

  private EndpointsFile() {}

  static Path write(
      Path dataDirectory,
      String api,
      URI sqsEndpoint,
      URI dynamoDbEndpoint,
      String queueUrl,
      TableNames tables,
      String indexShards) {
    ObjectNode json = ExactJson.MAPPER.createObjectNode();
    json.put("api", api);
    json.put("region", com.theeye.emulators.LocalEmulators.REGION.id());
    json.put("sqs_endpoint", sqsEndpoint.toString());
    json.put("dynamodb_endpoint", dynamoDbEndpoint.toString());
    json.put("events_queue_url", queueUrl);
    json.put("applications_table", tables.applications());
    json.put("events_table", tables.events());
    json.put("sessions_table", tables.sessions());
    json.put("invalid_events_table", tables.invalidEvents());
    json.put("deletions_table", tables.deletions());
    json.put("index_shards", Integer.parseInt(indexShards));
    Path file = dataDirectory.resolve(NAME);
    Path partial = dataDirectory.resolve(NAME + ".partial");
    try {
      Files.createDirectories(dataDirectory);
      Files.writeString(partial, EventCodec.write(json) + "\n");
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        // A full disk leaves an empty partial file: nothing reads it, but nothing should be left.
        Files.deleteIfExists(partial);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  static void remove(Path dataDirectory) {
    try {
      Files.deleteIfExists(dataDirectory.resolve(NAME));
    } catch (IOException e) {
      System.err.println("cannot remove " + dataDirectory.resolve(NAME) + ": " + e.getMessage());
    }
  }
}
