package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar `make run` starts, started the same way in a fresh JVM: everything it needs is inside it,
 * it answers the seed example, and it stops cleanly on SIGTERM. Unit tests run on Maven's classpath
 * and cannot see a dependency the shade left out.
 */
class PackagedRunnerIT {

  @TempDir Path data;

  @Test
  void theRunnerJarStartsAcceptsTheSeedExampleAndStopsCleanly() throws Exception {
    PackagedRunner runner = PackagedRunner.start(data);
    try {
      String baseUrl = runner.baseUrl();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events/"))
                      .header("application", LocalSettings.SEED_APPLICATION.toString())
                      .header("content-type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"session_id\": \"e2085be5-9137-4e4e-80b5-f1ffddc25423\","
                                  + " \"category\": \"page interaction\", \"name\": \"pageview\","
                                  + " \"data\": {\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"},"
                                  + " \"timestamp\": \"2021-01-01 09:15:27.243860\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(202, response.statusCode(), response.body());
    } finally {
      assertTrue(runner.stop(), "the runner stops");
    }
    assertTrue(
        runner.output().contains("The Eye stopped."),
        () ->
            "exit "
                + runner.process().exitValue()
                + ", output was:\n"
                + String.join("\n", runner.output()));
  }
}
