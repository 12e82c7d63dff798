package io.wattward.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.schema.Anomaly;
import io.wattward.schema.DeadLetter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOTIFY: reads the anomalies topic, decides with the {@link NotificationEngine}, delivers with the
 * {@link Dispatcher}, and serves the acknowledge endpoint ({@code GET|POST /ack?group=KEY&by=NAME} or
 * {@code ?anomaly=ID}) and {@code /health}. An undecodable record goes to the dead letters. Offsets are
 * committed after each batch is decided.
 */
public final class NotifierService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotifierService.class);

  private final WattwardConfig config;
  private final NotifyConfig notify;
  private final NotificationEngine engine;
  private final Dispatcher dispatcher;
  private final LongSupplier clock;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final String ackBaseUrl;
  private volatile Exception failure;
  private HttpServer server;
  private Thread loop;

  public NotifierService(WattwardConfig config, NotifyConfig notify, String smtpPassword, LongSupplier clock) {
    this.config = config;
    this.notify = notify;
    this.clock = clock;
    this.engine = new NotificationEngine(notify);
    this.dispatcher = new Dispatcher(notify, new DeliveryLog(config.clickhouse().endpoint()), smtpPassword, clock);
    this.ackBaseUrl = notify.ack() == null || notify.ack().baseUrl() == null ? "" : notify.ack().baseUrl();
  }

  /** Starts the acknowledge endpoint and the consumer loop (a daemon thread); returns at once. */
  public void start() throws IOException {
    if (notify.ack() != null && notify.ack().listen() != null) {
      String[] hp = notify.ack().listen().split(":");
      server = HttpServer.create(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 0);
      server.createContext("/ack", this::ack);
      server.createContext("/health", this::health);
      server.start();
      LOG.info("acknowledge endpoint on http://{}/ack", notify.ack().listen());
    }
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().anomalies(), config.kafka().partitions(), false),
        new KafkaTopics.Spec(config.kafka().topics().deadLetters(), config.kafka().partitions(), false)));
    loop = new Thread(this::run, "notifier");
    loop.setDaemon(true);
    loop.start();
  }

  public long received() {
    return received.get();
  }

  public long rejected() {
    return rejected.get();
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  private void run() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "wattward-notifier-" + config.clickhouse().database());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> dlq = io.wattward.connectors.kafka.OrderedProducer.create(config.kafka().bootstrap())) {
      consumer.subscribe(List.of(config.kafka().topics().anomalies()));
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(200));
        long now = clock.getAsLong();
        synchronized (engine) {
          for (ConsumerRecord<byte[], byte[]> r : records) {
            Anomaly a;
            try {
              a = Anomaly.getDecoder().decode(ByteBuffer.wrap(r.value()));
            } catch (Exception e) {
              rejected.incrementAndGet();
              dlq.send(new ProducerRecord<>(config.kafka().topics().deadLetters(), r.key(), AvroMessages.encode(
                  DeadLetter.getEncoder(), DeadLetter.newBuilder().setReasonCode("UNDECODABLE")
                      .setReason("not an Anomaly: " + e).setJob("notifier").setSourceTopic(r.topic())
                      .setSourcePartition(r.partition()).setSourceOffset(r.offset())
                      .setOriginalKey(r.key() == null ? null : ByteBuffer.wrap(r.key()))
                      .setOriginalValue(r.value() == null ? null : ByteBuffer.wrap(r.value()))
                      .setDeadLetteredAt(Instant.now()).build())));
              continue;
            }
            received.incrementAndGet();
            engine.onAnomaly(a, now);
          }
          engine.due(now, ackBaseUrl).forEach(dispatcher::dispatch);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (Exception e) {
      LOG.error("the notifier stopped: {}", e.toString(), e);
      failure = e;
    } finally {
      running.set(false);
    }
  }

  /** Whether the consumer loop still runs; if not, {@link #failure()} says why. */
  public boolean running() {
    return running.get();
  }

  public Exception failure() {
    return failure;
  }

  private void ack(HttpExchange x) throws IOException {
    Map<String, String> q = query(x.getRequestURI().getRawQuery());
    String target = q.getOrDefault("group", q.get("anomaly"));
    if (target == null) {
      reply(x, 400, "{\"error\":\"give group=KEY or anomaly=ID\"}");
      return;
    }
    boolean ok;
    synchronized (engine) {
      ok = engine.acknowledge(target, q.get("by"));
    }
    LOG.info("acknowledge {} by {}: {}", target, q.get("by"), ok);
    reply(x, ok ? 200 : 404, ok ? "{\"acknowledged\":true,\"by\":\"" + escape(q.getOrDefault("by", "someone")) + "\"}"
        : "{\"error\":\"nothing open under " + escape(target) + "\"}");
  }

  private void health(HttpExchange x) throws IOException {
    int groups;
    synchronized (engine) {
      groups = engine.groups();
    }
    reply(x, 200, "{\"groups\":" + groups + ",\"received\":" + received.get() + ",\"rejected\":" + rejected.get() + "}");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int i = pair.indexOf('=');
      if (i > 0) {
        out.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void reply(HttpExchange x, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    if (loop != null) {
      loop.join(5_000);
    }
    if (server != null) {
      server.stop(0);
    }
    dispatcher.close();
  }
}
