package com.theeye.local;

/** A message of the dead-letter queue and how often it had been received before it got there. */
record DeadLetter(String body, int receiveCount) {}
