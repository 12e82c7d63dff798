package io.wattward.notify;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one channel's outbox, oldest due row first, and records every attempt in the store before
 * logging it to ClickHouse: SENT, FAILED (due again after the backoff, doubled on every failure; other
 * rows of the channel go meanwhile) or GAVE_UP after {@code maxAttempts}. It never sleeps out a backoff:
 * it waits for the next due row or for {@link #wake}. A row is marked SENT after its send returns, so a
 * kill during a send (or between the send and the mark) sends that one message again after a restart.
 */
final class DeliveryWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final long IDLE_WAIT_MS = 1_000;

  private final String key;
  private final Channel channel;
  private final NotifierStore store;
  private final DeliveryLog log;
  private final int maxAttempts;
  private final long backoffMs;
  private final LongSupplier clock;
  private final Consumer<Exception> onFatal;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean running = true;

  DeliveryWorker(String key, Channel channel, NotifierStore store, DeliveryLog log, int maxAttempts, long backoffMs,
      LongSupplier clock, Consumer<Exception> onFatal) {
    this.key = key;
    this.channel = channel;
    this.store = store;
    this.log = log;
    this.maxAttempts = maxAttempts;
    this.backoffMs = backoffMs;
    this.clock = clock;
    this.onFatal = onFatal;
  }

  String key() {
    return key;
  }

  /** The delay before attempt {@code failedAttempt + 1}: backoff, 2 × backoff, 4 × backoff, ... */
  static long backoff(long backoffMs, int failedAttempt) {
    return backoffMs << Math.min(Math.max(failedAttempt - 1, 0), 20);
  }

  /** New rows were written: look at once. */
  void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  void stop() {
    running = false;
    wake();
  }

  @Override
  public void run() {
    try {
      while (running) {
        NotifierStore.OutboxRow row = store.nextFor(key);
        long now = clock.getAsLong();
        if (row == null) {
          await(IDLE_WAIT_MS);
        } else if (row.nextAttemptAt() > now) {
          await(Math.min(row.nextAttemptAt() - now, IDLE_WAIT_MS));
        } else {
          deliver(row);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // the store cannot be written (or worse): stop the notifier rather than leave a channel silently dead
      LOG.error("delivery over {} stopped: {}", key, e.toString(), e);
      onFatal.accept(e instanceof Exception x ? x : new IllegalStateException(e.toString(), e));
    }
  }

  private void await(long ms) throws InterruptedException {
    synchronized (signal) {
      if (!woken && running) {
        signal.wait(Math.max(1, ms));
      }
      woken = false;
    }
  }

  /** One attempt at one row; the outcome goes to the store first, then to the delivery log. */
  void deliver(NotifierStore.OutboxRow row) throws InterruptedException {
    Notification n = row.notification();
    int attempt = row.attempts() + 1;
    long start = clock.getAsLong();
    String detail;
    try {
      detail = channel.send(n);
    } catch (NotifierStore.Failure e) {
      throw e; // a ticket could not be recorded: stop, do not retry into a second ticket
    } catch (InterruptedException e) {
      throw e; // shutting down mid-send: the row stays as it was and is tried again after the restart
    } catch (Exception e) {
      long end = clock.getAsLong();
      boolean gaveUp = attempt >= maxAttempts;
      String error = e.getMessage() == null ? e.toString() : e.getMessage();
      store.failed(row.id(), attempt, gaveUp, end + backoff(backoffMs, attempt), end, error);
      log.attempt(n, channel.name(), attempt, gaveUp ? "GAVE_UP" : "FAILED", error, start, end - start);
      if (gaveUp) {
        LOG.warn("gave up {} over {} after {} attempts: {}", n.id(), key, attempt, error);
      }
      return;
    }
    long end = clock.getAsLong();
    store.sent(row.id(), attempt, end);
    log.attempt(n, channel.name(), attempt, "SENT", detail, start, end - start);
  }
}
