package com.theeye.ingest;

import com.theeye.aws.AwsErrors;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.signing.CursorKeys;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code GET /api/v1/receipts/{receipt}}: what became of one event the sender was answered 202 for.
 * Served by the ingest function, not the query function, because applications reach it without IAM
 * signing, so a browser can ask; the sender identifies itself as on POST (the {@code application}
 * header or query parameter) and is checked the same way ({@link Admission}). A receipt of another
 * application, or one that was not made here, is 404: the answer never tells whether someone else's
 * event exists.
 */
final class ReceiptService {

  /** Receipt paths: this prefix, then the token as one path segment. */
  static final String PREFIX = "/api/v1/receipts/";

  private static final String NOT_FOUND = "Not found.";

  private final Admission admission;
  private final Receipts receipts;
  private final ReceiptLookup lookup;

  ReceiptService(Admission admission, Receipts receipts, ReceiptLookup lookup) {
    this.admission = admission;
    this.receipts = receipts;
    this.lookup = lookup;
  }

  /** The same lookups with another admission (priming's) and other receipts. */
  ReceiptService with(Admission otherAdmission, Receipts otherReceipts) {
    return new ReceiptService(otherAdmission, otherReceipts, lookup);
  }

  /** Whether {@code path} names a receipt: the prefix, then one non-empty segment. */
  static boolean serves(String path) {
    return path.startsWith(PREFIX)
        && path.length() > PREFIX.length()
        && path.indexOf('/', PREFIX.length()) < 0;
  }

  IngestOutcome handle(HttpRequest request) {
    if (!request.method().equals("GET")) {
      return Admission.outcome(
          HttpResponse.detail(405, "Method \"" + request.method() + "\" not allowed.")
              .withHeader("allow", "GET"),
          null,
          "method not allowed");
    }
    return Admission.application(request)
        .then(application -> admission.trusted(request, application))
        .answer(sender -> answer(request.path().substring(PREFIX.length()), sender.application()));
  }

  private IngestOutcome answer(String token, UUID application) {
    String applicationId = application.toString();
    Optional<String> noKey = receipts.unavailable();
    if (noKey.isPresent()) {
      return Admission.outcome(
          HttpResponse.detail(503, "Receipts cannot be read right now; retry later.")
              .withHeader("retry-after", Long.toString(CursorKeys.FIRST_READ_RETRY.toSeconds())),
          applicationId,
          "cursor key unavailable: " + noKey.get());
    }
    Optional<Receipt> receipt =
        receipts.read(token).filter(read -> read.application().equals(application));
    if (receipt.isEmpty()) {
      return Admission.outcome(
          HttpResponse.detail(404, NOT_FOUND), applicationId, "unknown receipt");
    }
    try {
      return new IngestOutcome(
          HttpResponse.json(200, lookup.verdict(receipt.get()).toJson()), applicationId, 0, null);
    } catch (SdkException e) {
      return Admission.outcome(
          Admission.unavailableResponse(),
          applicationId,
          "tables unavailable: " + AwsErrors.describe(e));
    }
  }
}
