package com.theeye.query;

import com.theeye.http.HttpOutcome;
import com.theeye.http.HttpResponse;
import com.theeye.log.LogLine;

/**
 * What the query service answered and what the request log should say about it (never the results).
 *
 * @param response the HTTP answer
 * @param kind which query ran ({@code session}, {@code category}, {@code time}, {@code invalid}),
 *     or null when none did
 * @param results how many results the page holds
 * @param problem why the request was refused or failed, for the log; null when it was answered
 */
record QueryOutcome(HttpResponse response, String kind, int results, String problem)
    implements HttpOutcome {

  @Override
  public void describe(LogLine line) {
    line.with("query", kind).with("results", results);
  }
}
