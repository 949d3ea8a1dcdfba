package com.theeye.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/** Loopback ports for emulators, and one where nothing listens, to stand for an outage. */
public final class FreePorts {

  private FreePorts() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** An endpoint that refuses connections, as a stopped service does. */
  public static URI deadEndpoint() {
    return URI.create("http://127.0.0.1:" + pick());
  }
}
