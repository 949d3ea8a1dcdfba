package com.theeye.probe;

import com.theeye.ingest.IngestHandler;

/**
 * Does what Lambda does in a new execution environment: builds the ingest handler through its
 * public no-arg constructor, then hands it one API Gateway event (and, when asked, more: {@link
 * ProbeRun}). With {@code primed}, runs the SnapStart hooks in between, as Lambda does before it
 * takes the snapshot.
 */
public final class IngestProbe {

  private IngestProbe() {}

  public static void main(String[] args) throws Exception {
    ProbeRun.lifecycle(args, IngestHandler::new, ProbeRun::apiGatewayCall);
  }
}
