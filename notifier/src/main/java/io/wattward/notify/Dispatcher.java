package io.wattward.notify;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Delivers messages over the channels of their receiver, from the store's outbox. {@link #outgoing}
 * turns a message into one outbox row per channel (written by the caller with the decision that made
 * it); every channel has its own {@link DeliveryWorker} thread, so a channel that is down (retried with
 * doubling backoff up to {@code maxAttempts}) delays only itself; every attempt is logged.
 *
 * <p>A channel is known in the store by {@code receiver/type/<hash of its url or addresses>}, so its
 * pending rows and tickets follow it when the channels of a receiver are reordered or added to.
 */
public final class Dispatcher implements AutoCloseable {

  private final Map<String, List<String>> channelsOfReceiver = new LinkedHashMap<>();
  private final Map<String, DeliveryWorker> workers = new LinkedHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final NotifierStore store;

  public Dispatcher(NotifyConfig config, NotifierStore store, DeliveryLog log, String smtpPassword,
      LongSupplier clock, Consumer<Exception> onFatal) {
    this.store = store;
    NotifyConfig.Delivery d = config.delivery();
    int maxAttempts = d == null || d.maxAttempts() < 1 ? 5 : d.maxAttempts();
    Duration backoff = NotifyConfig.duration(d == null ? null : d.backoff());
    long backoffMs = backoff == null ? 2_000 : backoff.toMillis();
    Duration timeout = NotifyConfig.duration(d == null ? null : d.timeout());
    Duration t = timeout == null ? Duration.ofSeconds(10) : timeout;
    HttpClient http = HttpClient.newBuilder().connectTimeout(t).build();
    MessageText text = new MessageText(config.zoneId(), config.messageLanguage());
    for (NotifyConfig.Receiver r : config.receivers()) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < r.channels().size(); i++) {
        NotifyConfig.Channel c = r.channels().get(i);
        String key = key(r.name(), c);
        if (workers.containsKey(key)) {
          key = key + "#" + i; // the same channel twice in one receiver
        }
        String channelKey = key;
        TicketBook tickets = new TicketBook() {
          @Override
          public String ticket(String anomalyId) {
            return store.ticket(channelKey, anomalyId);
          }

          @Override
          public void opened(String anomalyId, String ticketId) {
            long now = clock.getAsLong();
            store.ticketOpened(channelKey, anomalyId, ticketId, now);
            log.ticket(anomalyId, r.name(), ticketId, now);
          }
        };
        Channel ch = "email".equals(c.type()) ? new EmailChannel(config.smtp(), c, text, smtpPassword, t)
            : HttpChannels.of(c, text, http, t, clock, tickets);
        workers.put(key, new DeliveryWorker(key, ch, store, log, maxAttempts, backoffMs, clock, onFatal));
        keys.add(key);
      }
      channelsOfReceiver.put(r.name(), List.copyOf(keys));
    }
  }

  static String key(String receiver, NotifyConfig.Channel c) {
    String target = c.url() != null ? c.url() : c.to() == null ? "" : String.join(",", c.to());
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
      return receiver + "/" + c.type() + "/" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The keys of every configured channel. */
  public Set<String> channels() {
    return workers.keySet();
  }

  /** The outbox rows of a message: one per channel of its receiver. */
  public NotifierStore.Outgoing outgoing(Notification n) {
    return new NotifierStore.Outgoing(n, channelsOfReceiver.getOrDefault(n.receiver(), List.of()));
  }

  /** Starts one delivery thread per channel; they resume whatever the outbox holds. */
  public void start() {
    workers.forEach((key, worker) -> {
      Thread th = new Thread(worker, "notify-" + key);
      th.setDaemon(true);
      th.start();
      threads.add(th);
    });
  }

  /** New rows were written: the workers look at once instead of at their next tick. */
  public void wake() {
    workers.values().forEach(DeliveryWorker::wake);
  }

  /** Waits up to {@code timeoutMs} until no row is pending or waiting for a retry (tests, shutdown). */
  public void drain(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (store.outboxStats().pending() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  /**
   * Stops the workers: each finishes the attempt in flight, for up to {@code graceMs}; one still sending
   * then is interrupted and its row is tried again after the restart.
   */
  public void stop(long graceMs) throws InterruptedException {
    workers.values().forEach(DeliveryWorker::stop);
    long deadline = System.currentTimeMillis() + graceMs;
    for (Thread th : threads) {
      th.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
    for (Thread th : threads) {
      if (th.isAlive()) {
        th.interrupt();
        th.join(1_000);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(5_000);
  }
}
