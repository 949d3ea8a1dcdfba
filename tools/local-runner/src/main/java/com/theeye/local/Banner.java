package com.theeye.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code make run} prints once The Eye is ready: where the API, its docs, the inspector, the
 * emulators, the data and the logs are, and a first event to send.
 *
 * @param baseUrl the local API, e.g. {@code http://127.0.0.1:8000}
 * @param settings the runner's settings
 * @param sqsEndpoint ElasticMQ's address
 * @param dynamoDbEndpoint dynalite's address
 * @param functionLog the file every function log line goes to
 */
record Banner(
    String baseUrl,
    LocalSettings settings,
    URI sqsEndpoint,
    URI dynamoDbEndpoint,
    Path functionLog) {

  String text(Duration startup) {
    String application = settings.defaultApplication().map(Object::toString).orElse(null);
    StringBuilder text = new StringBuilder();
    text.append("\nThe Eye is running locally (ready in ")
        .append(startup.toMillis())
        .append(" ms)\n\n");
    text.append("  API          ")
        .append(baseUrl)
        .append("/api/v1/events/ (POST events, GET queries)\n");
    text.append("  Docs         ")
        .append(baseUrl)
        .append(ApiDocs.DOCS_PATH)
        .append(" (OpenAPI at ")
        .append(baseUrl)
        .append(ApiDocs.OPENAPI_PATH)
        .append(")\n");
    text.append("  Inspect      ")
        .append(baseUrl)
        .append(InspectorPage.PATH)
        .append(" (every event as it arrives, with its outcome; make tail in a terminal)\n");
    text.append("  CORS         browsers may send from ")
        .append(String.join(", ", settings.cors().allowOrigins()))
        .append(" (EYE_ALLOWED_ORIGINS)\n");
    text.append("  SQS          ElasticMQ at ")
        .append(sqsEndpoint)
        .append(", queue ")
        .append(LocalResources.QUEUE_NAME)
        .append(", dead letters ")
        .append(LocalResources.DEAD_LETTER_QUEUE_NAME)
        .append('\n');
    text.append("  DynamoDB     dynalite at ")
        .append(dynamoDbEndpoint)
        .append(", tables the-eye-*, data in ")
        .append(settings.dataDirectory().resolve("dynamodb"))
        .append('\n');
    text.append("  Application  ")
        .append(
            application == null
                ? "none registered (EYE_DEFAULT_APPLICATION=none)"
                : application + " (trusted)")
        .append('\n');
    text.append("  Logs         ")
        .append(functionLog)
        .append(" (every function log line; WARN and ERROR also on this console)\n\n");
    if (application != null) {
      text.append("Try:\n  curl -i ")
          .append(baseUrl)
          .append("/api/v1/events/ -H 'application: ")
          .append(application)
          .append(
              "' -H 'content-type: application/json' -d '{\"session_id\": \"e2085be5-9137-4e4e-80b5-f1ffddc25423\", ")
          .append("\"category\": \"page interaction\", \"name\": \"pageview\", ")
          .append("\"data\": {\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"}, ")
          .append("\"timestamp\": \"2021-01-01 09:15:27.243860\"}'\n")
          .append("  curl ")
          .append(baseUrl)
          .append("'/api/v1/events/?session_id=e2085be5-9137-4e4e-80b5-f1ffddc25423'\n\n");
    }
    text.append("Ctrl-C stops: no new requests, the queue drains, then the emulators stop.\n");
    return text.toString();
  }
}
