package com.theeye.probe;

/** The floor: a JVM that starts, prints one line and ends. */
public final class HelloProbe {

  private HelloProbe() {}

  public static void main(String[] args) {
    System.out.println("PROBE hello");
  }
}
