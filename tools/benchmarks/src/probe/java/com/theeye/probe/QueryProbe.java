package com.theeye.probe;

import com.theeye.query.QueryHandler;

/**
 * Does what Lambda does in a new execution environment: builds the query handler through its
 * public no-arg constructor (which reads the cursor key from Secrets Manager), then hands it one
 * API Gateway GET event (and, when asked, more: {@link ProbeRun}). With {@code primed}, runs the
 * SnapStart hooks in between, as Lambda does before it takes the snapshot.
 */
public final class QueryProbe {

  private QueryProbe() {}

  public static void main(String[] args) throws Exception {
    ProbeRun.lifecycle(args, QueryHandler::new, ProbeRun::apiGatewayCall);
  }
}
