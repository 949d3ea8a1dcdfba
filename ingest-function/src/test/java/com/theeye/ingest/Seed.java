package com.theeye.ingest;

import com.theeye.signing.CursorKeys;
import com.theeye.store.TableNames;
import java.time.Duration;

/** The seed README's examples, verbatim, and the other known event types in the same style. */
final class Seed {

  static final String APPLICATION = "0e302fce-66ad-4721-911e-0ab9d33697bf";

  /** The cursor secret the tests name; their receipts are signed with {@link #RECEIPT_KEYS}. */
  static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:test";

  static final CursorKeys RECEIPT_KEYS =
      CursorKeys.fixed("receipt-test-signing-key-0123456789abcdef");

  /** The seed's success example body, byte for byte as its curl sends it. */
  /**
   * The ingest function's settings as the template's defaults give them, for these tables and this
   * queue; {@code captureClientAddress} as a test needs it.
   */
  static IngestConfig config(TableNames tables, String queueUrl, boolean captureClientAddress) {
    return new IngestConfig(
        tables.applications(),
        queueUrl,
        IngestConfig.DEFAULT_MAX_BODY_BYTES,
        IngestConfig.DEFAULT_MAX_BATCH_EVENTS,
        IngestConfig.DEFAULT_MAX_EVENT_BYTES,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        captureClientAddress,
        "TheEye/test",
        tables.events(),
        tables.invalidEvents(),
        tables.deletions(),
        SECRET_ARN,
        Duration.ofSeconds(300));
  }

  static final String PAGEVIEW_BODY =
      """
      {
          "session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423",
          "category": "page interaction",
          "name": "pageview",
          "data": {
              "host": "www.consumeraffairs.com",
              "path": "/"
          },
          "timestamp": "2021-01-01 09:15:27.243860"
      }""";

  /** The seed's error example body: name and data missing. */
  static final String ERROR_BODY =
      """
      {
          "session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423",
          "category": "page interaction",
          "timestamp": "2021-01-01 09:15:27.243860"
      }""";

  static final String CTA_CLICK_BODY =
      """
      {
          "session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423",
          "category": "page interaction",
          "name": "cta click",
          "data": {
              "host": "www.consumeraffairs.com",
              "path": "/",
              "element": "chat bubble"
          },
          "timestamp": "2021-01-01 09:15:27.243860"
      }""";

  static final String FORM_SUBMIT_BODY =
      """
      {
          "session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423",
          "category": "form interaction",
          "name": "submit",
          "data": {
              "host": "www.consumeraffairs.com",
              "path": "/",
              "form": {
                  "first_name": "John",
                  "last_name": "Doe"
              }
          },
          "timestamp": "2021-01-01 09:15:27.243860"
      }""";

  private Seed() {}
}
