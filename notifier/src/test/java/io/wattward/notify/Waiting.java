package io.wattward.notify;

import java.util.function.BooleanSupplier;

/** Polls a condition of a test until it holds, or fails naming what it waited for. */
final class Waiting {
  private Waiting() {}

  static void waitFor(String what, long timeoutMs, BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
