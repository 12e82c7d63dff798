package io.wattward.cli;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a job run: the first asks for a graceful stop (a savepoint), a
 * second one exits at once. Handled before the JVM starts shutting down, so the graceful stop still has
 * every service it needs.
 */
final class Signals {
  private Signals() {}

  private static final String[] NAMES = {"INT", "TERM"};
  private static final SignalHandler[] PREVIOUS = new SignalHandler[NAMES.length];

  static synchronized void onStop(Runnable gracefully) {
    AtomicInteger count = new AtomicInteger();
    for (int i = 0; i < NAMES.length; i++) {
      PREVIOUS[i] = Signal.handle(new Signal(NAMES[i]), signal -> {
        if (count.incrementAndGet() == 1) {
          gracefully.run();
        } else {
          System.out.println("stopping at once; the next run resumes from the last checkpoint");
          System.exit(128 + signal.getNumber());
        }
      });
    }
  }

  static synchronized void reset() {
    for (int i = 0; i < NAMES.length; i++) {
      if (PREVIOUS[i] != null) {
        Signal.handle(new Signal(NAMES[i]), PREVIOUS[i]);
        PREVIOUS[i] = null;
      }
    }
  }
}
