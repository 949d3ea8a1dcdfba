package com.theeye.ingest;

import com.theeye.event.ClientContext;
import java.util.UUID;

/** A trusted sender: whose events these are, and what API Gateway says about it. */
record Sender(UUID application, ClientContext context) {
  String id() {
    return application.toString();
  }
}
