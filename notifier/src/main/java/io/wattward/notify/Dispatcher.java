package io.wattward.notify;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Delivers messages over the channels of their receiver. Every channel has its own queue and thread,
 * so a channel that is down (and retried with doubling backoff up to {@code maxAttempts}) delays only
 * itself; every attempt is logged.
 */
public final class Dispatcher implements AutoCloseable {

  private final Map<String, List<Channel>> channels = new LinkedHashMap<>();
  private final Map<Channel, ExecutorService> queues = new LinkedHashMap<>();
  private final DeliveryLog log;
  private final int maxAttempts;
  private final long backoffMs;
  private final LongSupplier clock;

  public Dispatcher(NotifyConfig config, DeliveryLog log, String smtpPassword, LongSupplier clock) {
    this.log = log;
    this.clock = clock;
    NotifyConfig.Delivery d = config.delivery();
    this.maxAttempts = d == null || d.maxAttempts() < 1 ? 5 : d.maxAttempts();
    Duration backoff = NotifyConfig.duration(d == null ? null : d.backoff());
    this.backoffMs = backoff == null ? 2_000 : backoff.toMillis();
    Duration timeout = NotifyConfig.duration(d == null ? null : d.timeout());
    Duration t = timeout == null ? Duration.ofSeconds(10) : timeout;
    HttpClient http = HttpClient.newBuilder().connectTimeout(t).build();
    MessageText text = new MessageText(config.zoneId());
    for (NotifyConfig.Receiver r : config.receivers()) {
      List<Channel> list = new ArrayList<>();
      for (NotifyConfig.Channel c : r.channels()) {
        Channel ch = "email".equals(c.type()) ? new EmailChannel(config.smtp(), c, text, smtpPassword, (int) t.toMillis())
            : HttpChannels.of(c, text, http, t, clock);
        list.add(ch);
        String thread = "notify-" + r.name() + "-" + c.type();
        queues.put(ch, Executors.newSingleThreadExecutor(run -> {
          Thread th = new Thread(run, thread);
          th.setDaemon(true);
          return th;
        }));
      }
      channels.put(r.name(), list);
    }
  }

  /** Queues the message on every channel of its receiver; returns at once. */
  public void dispatch(Notification n) {
    for (Channel ch : channels.getOrDefault(n.receiver(), List.of())) {
      queues.get(ch).submit(() -> deliver(ch, n));
    }
  }

  private void deliver(Channel ch, Notification n) {
    long wait = backoffMs;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long start = clock.getAsLong();
      try {
        String detail = ch.send(n);
        log.attempt(n, ch.name(), attempt, "SENT", detail, start, clock.getAsLong() - start);
        if (ch instanceof HttpChannels.WorkOrders w) {
          n.firing().forEach(a -> {
            String ticket = w.tickets().get(a.getAnomalyId());
            if (ticket != null && detail.contains(a.getAnomalyId() + "=")) {
              log.ticket(a.getAnomalyId(), n.receiver(), ticket, start);
            }
          });
        }
        return;
      } catch (Exception e) {
        boolean last = attempt == maxAttempts;
        log.attempt(n, ch.name(), attempt, last ? "GAVE_UP" : "FAILED", e.getMessage(), start,
            clock.getAsLong() - start);
        if (last) {
          return;
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        wait *= 2;
      }
    }
  }

  /** Waits up to {@code timeoutMs} for queued deliveries to finish (tests, shutdown). */
  public void drain(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (ExecutorService q : queues.values()) {
      try {
        q.submit(() -> {}).get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    queues.values().forEach(ExecutorService::shutdownNow);
  }
}
