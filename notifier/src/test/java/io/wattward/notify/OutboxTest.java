package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outbox row's life on a hand-driven clock (milliseconds): PENDING, FAILED with a doubling backoff
 * (1 s, 2 s, 4 s) and no sleeping, GAVE_UP after the last attempt; SENT; a row waiting for its retry does
 * not hold up newer rows of its channel.
 */
class OutboxTest {

  @TempDir Path dir;

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<String> sends = new ArrayList<>();
  private int failuresLeft;
  private NotifierStore store;
  private DeliveryWorker worker;

  /** A channel that fails while {@code failuresLeft > 0}. */
  private final Channel channel = new Channel() {
    @Override
    public String name() {
      return "webhook";
    }

    @Override
    public String send(Notification n) {
      sends.add(n.id() + "@" + now.get());
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new IllegalStateException("HTTP 503");
      }
      return "HTTP 200";
    }
  };

  @BeforeEach
  void open() {
    store = NotifierStore.open(dir.resolve("n.db"));
    store.load();
    // the delivery log's ClickHouse is not there: it says so and delivery goes on
    DeliveryLog log = new DeliveryLog(new ClickHouseEndpoint("jdbc:clickhouse://127.0.0.1:1", "none", "default", ""));
    worker = new DeliveryWorker("r/webhook/1", channel, store, log, 4, 1_000, now::get, e -> {
      throw new AssertionError(e);
    });
  }

  private Notification message(String id) {
    return new Notification(id, "r", "r|g", Map.of("building", "g"), "FIRING", List.of(), List.of(), now.get(), "");
  }

  private long enqueue(String id) {
    store.commit(new NotifierStore.Decision(List.of(), List.of(), 0, Map.of(),
        List.of(new NotifierStore.Outgoing(message(id), List.of("r/webhook/1")))), now.get());
    return store.nextFor("r/webhook/1").id();
  }

  /** What the worker's loop does once: the due row, if any, is attempted. */
  private void tick() throws InterruptedException {
    NotifierStore.OutboxRow row = store.nextFor("r/webhook/1");
    if (row != null && row.nextAttemptAt() <= now.get()) {
      worker.deliver(row);
    }
  }

  @Test
  void aFailingRowIsRetriedWithDoublingBackoffAndGivenUpAfterTheLastAttempt() throws Exception {
    failuresLeft = 10;
    long id = enqueue("n1");
    long t0 = now.get();
    assertThat(store.row(id)).containsEntry("status", "PENDING").containsEntry("attempts", 0);
    tick();
    assertThat(store.row(id)).containsEntry("status", "FAILED").containsEntry("attempts", 1)
        .containsEntry("nextAttemptAt", t0 + 1_000).containsEntry("lastError", "HTTP 503");
    now.set(t0 + 999);
    tick();
    assertThat(sends).as("not due before its backoff").hasSize(1);
    now.set(t0 + 1_000);
    tick();
    assertThat(store.row(id)).containsEntry("status", "FAILED").containsEntry("attempts", 2)
        .containsEntry("nextAttemptAt", t0 + 3_000);
    now.set(t0 + 3_000);
    tick();
    assertThat(store.row(id)).containsEntry("attempts", 3).containsEntry("nextAttemptAt", t0 + 7_000);
    assertThat(store.outboxStats()).isEqualTo(new NotifierStore.OutboxStats(1, t0));
    now.set(t0 + 7_000);
    tick();
    assertThat(store.row(id)).containsEntry("status", "GAVE_UP").containsEntry("attempts", 4)
        .containsEntry("doneAt", t0 + 7_000);
    now.set(t0 + 1_000_000);
    tick();
    assertThat(sends).as("given up: never again").hasSize(4);
    assertThat(store.nextFor("r/webhook/1")).isNull();
    assertThat(store.outboxStats().pending()).isZero();
  }

  @Test
  void aRowThatGoesThroughIsSentOnceWithItsAttemptNumber() throws Exception {
    failuresLeft = 1;
    long id = enqueue("n1");
    long t0 = now.get();
    tick();
    now.set(t0 + 1_000);
    tick();
    assertThat(store.row(id)).containsEntry("status", "SENT").containsEntry("attempts", 2)
        .containsEntry("doneAt", t0 + 1_000).containsEntry("lastError", null);
    now.set(t0 + 100_000);
    tick();
    assertThat(sends).containsExactly("n1@" + t0, "n1@" + (t0 + 1_000));
  }

  @Test
  void aRowWaitingForItsRetryDoesNotHoldUpNewerRows() throws Exception {
    failuresLeft = 1;
    enqueue("n1");
    long t0 = now.get();
    tick(); // n1 fails, due again at t0 + 1 s
    now.set(t0 + 10);
    enqueue("n2");
    tick();
    assertThat(sends).containsExactly("n1@" + t0, "n2@" + (t0 + 10));
    now.set(t0 + 1_000);
    tick();
    assertThat(sends).last().isEqualTo("n1@" + (t0 + 1_000));
    assertThat(store.outboxStats().pending()).isZero();
  }

  @Test
  void theBackoffDoublesFromTheFirstDelay() {
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(a -> DeliveryWorker.backoff(2_000, a)).toList())
        .containsExactly(2_000L, 4_000L, 8_000L, 16_000L, 32_000L);
    assertThat(DeliveryWorker.backoff(1_000, 200)).as("no overflow").isEqualTo(1_000L << 20);
  }
}
