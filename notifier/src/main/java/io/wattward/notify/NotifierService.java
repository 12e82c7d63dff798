package io.wattward.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.schema.Anomaly;
import io.wattward.schema.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOTIFY: reads the anomalies topic, decides with the {@link NotificationEngine}, delivers with the
 * {@link Dispatcher}, and serves the acknowledge endpoint ({@link AckEndpoint}: signed links, see
 * {@link AckLinks}; a GET only shows a confirmation page, a POST acknowledges) and {@code /health} (behind
 * {@code ack.healthToken} when set). An undecodable record goes to the dead letters.
 *
 * <p>Durable: every decision (the anomalies taken, the groups as they now are, the messages due, one
 * outbox row per message and channel, and the Kafka positions read) is one transaction of the
 * {@link NotifierStore} before anything is sent or committed to Kafka; acknowledgements are stored, with
 * who and when, before they are answered. On start it restores the engine and seeks to the stored positions
 * (the store is the truth; Kafka's committed offsets follow for lag monitoring), and the delivery workers
 * resume the outbox.
 * After a kill it neither sends again what it sent (except a message whose send was in flight) nor
 * forgets what is firing, waiting or escalating. If the store cannot be written, it stops.
 */
public final class NotifierService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotifierService.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Sent and given-up outbox rows are kept this long (to look into), then pruned. */
  private static final long KEEP_FINISHED_MS = Duration.ofDays(7).toMillis();
  private static final long PRUNE_EVERY_MS = Duration.ofHours(1).toMillis();
  /** How often the web cockpit's actions (acknowledgements and silences in ClickHouse anomaly_actions) are read. */
  static final long COCKPIT_EVERY_MS = 5_000;
  /** How far back the cockpit's acknowledgements are read (the query's INTERVAL 7 DAY), and a day more. */
  private static final long COCKPIT_WINDOW_MS = Duration.ofDays(8).toMillis();
  /** The receiver recorded for an acknowledgement made in the web cockpit. */
  static final String COCKPIT = "cockpit";
  /** The methods routed to /ack and /health, so that the handlers, not the router, answer 405 to the ones they refuse. */
  private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
      HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

  private final WattwardConfig config;
  private final NotifyConfig notify;
  private final NotificationEngine engine;
  private final NotifierStore store;
  private final Dispatcher dispatcher;
  private final LongSupplier clock;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  /** Signs the messages' acknowledge links and checks them at /ack; null when acknowledgements are not configured. */
  private final AckLinks ackLinks;
  /** The next offset to read per partition, as stored; only the consumer thread writes it after start. */
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final int restoredGroups;
  private volatile Exception failure;
  private Javalin server;
  private Thread loop;
  private final long cockpitEveryMs;
  private java.util.concurrent.ScheduledExecutorService cockpit;
  /** Cockpit actions applied (anomaly id|action time -> time); only the cockpit thread touches it. */
  private Map<String, Long> cockpitApplied;

  /**
   * Opens the store in {@code stateFile} (see {@link NotifierMain#stateFile}) and restores the engine
   * from it; nothing runs until {@link #start}.
   */
  public NotifierService(WattwardConfig config, NotifyConfig notify, Path stateFile, String smtpPassword,
      LongSupplier clock) {
    this(config, notify, stateFile, smtpPassword, clock, COCKPIT_EVERY_MS);
  }

  /** As above, reading the cockpit's acknowledgements every {@code cockpitEveryMs} (tests: faster). */
  NotifierService(WattwardConfig config, NotifyConfig notify, Path stateFile, String smtpPassword,
      LongSupplier clock, long cockpitEveryMs) {
    this.cockpitEveryMs = cockpitEveryMs;
    this.config = config;
    this.notify = notify;
    this.clock = clock;
    this.engine = new NotificationEngine(notify);
    this.ackLinks = AckLinks.of(notify.ack()); // before the store: no secret, no start
    this.store = NotifierStore.open(stateFile);
    try {
      NotifierStore.Loaded loaded = store.load();
      List<String> dropped = engine.restore(loaded.snapshot());
      if (!dropped.isEmpty()) {
        LOG.warn("dropped {} stored groups whose receivers are no longer configured: {}", dropped.size(), dropped);
      }
      positions.putAll(loaded.positions());
      restoredGroups = engine.groups();
      dispatcher = new Dispatcher(notify, store, new DeliveryLog(config.clickhouse().endpoint()), smtpPassword, clock,
          this::fail);
      long now = clock.getAsLong();
      int abandoned = store.abandonUnknownChannels(dispatcher.channels(), now);
      if (abandoned > 0) {
        LOG.warn("gave up {} waiting messages of channels that are no longer configured", abandoned);
      }
      store.prune(now - KEEP_FINISHED_MS);
      NotifierStore.OutboxStats outbox = store.outboxStats();
      LOG.info("state {}: {} groups, {} messages waiting, positions {}", store.file(), restoredGroups,
          outbox.pending(), loaded.positions());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Starts the delivery workers, the consumer loop (a daemon thread) and the endpoint; returns at once. */
  public void start() throws IOException {
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().anomalies(), config.kafka().partitions(), false),
        new KafkaTopics.Spec(config.kafka().topics().deadLetters(), config.kafka().partitions(), false)));
    dispatcher.start();
    loop = new Thread(this::run, "notifier");
    loop.setDaemon(true);
    loop.start();
    // its own thread: a slow or absent ClickHouse never holds up the anomalies and their messages
    cockpit = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "notifier-cockpit-actions");
      t.setDaemon(true);
      return t;
    });
    cockpit.scheduleWithFixedDelay(() -> {
      try {
        cockpitActions(clock.getAsLong());
      } catch (RuntimeException e) {
        LOG.warn("cockpit actions not taken this time: {}", e.toString(), e);
      }
    }, cockpitEveryMs, cockpitEveryMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    if (notify.ack() != null && notify.ack().listen() != null) {
      server = serve(notify.ack().listen());
      LOG.info("acknowledge endpoint on http://{}/ack", notify.ack().listen());
    }
  }

  /** {@code /ack} and {@code /health} on {@code listen} ({@code host:port}, checked by {@link NotifyConfig}). */
  private Javalin serve(String listen) {
    String[] hp = listen.split(":");
    AckEndpoint ack = new AckEndpoint(ackLinks, new Acknowledgements(), new AckPage(notify.zoneId(), notify.messageLanguage()), clock);
    return Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.startup.startupWatcherEnabled = false;
      // the pages carry the link's signature next to what the request typed in (by): no compression (BREACH)
      c.http.compressionStrategy = CompressionStrategy.NONE;
      // a few people pressing a button: a small pool, its threads named for the thread dumps
      QueuedThreadPool threads = new QueuedThreadPool(16, 2);
      threads.setName("notifier-http");
      c.jetty.threadPool = threads;
      c.jetty.modifyServletContextHandler(h -> h.setMaxFormContentSize(AckEndpoint.MAX_BODY_BYTES));
      for (HandlerType method : METHODS) {
        c.routes.addHttpHandler(method, "/ack", ack);
        c.routes.addHttpHandler(method, "/ack/<rest>", ack);
        c.routes.addHttpHandler(method, "/health", this::health);
      }
    }).start(hp[0], Integer.parseInt(hp[1]));
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

  /** Who acknowledged what and when, as stored. */
  public List<NotifierStore.Acknowledgement> acknowledgements() {
    return store.acknowledgements();
  }

  private void run() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "wattward-notifier-" + config.clickhouse().database());
    // static membership: a restarted notifier takes its partitions back at once instead of waiting out
    // the dead one's session; a second notifier with the same database fences the first
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "wattward-notifier-" + config.clickhouse().database());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    long lastPrune = clock.getAsLong();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> dlq = io.wattward.connectors.kafka.OrderedProducer.create(config.kafka().bootstrap())) {
      consumer.subscribe(List.of(config.kafka().topics().anomalies()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          // nothing in flight: every batch is stored before the next poll
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          for (TopicPartition tp : partitions) {
            Long next = positions.get(tp);
            if (next != null) {
              consumer.seek(tp, next); // the store is the truth; no stored position: Kafka's committed one
            }
          }
        }
      });
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(200));
        Map<TopicPartition, Long> read = new HashMap<>();
        List<Anomaly> anomalies = new ArrayList<>();
        boolean deadLettered = false;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          read.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
          try {
            anomalies.add(Anomaly.getDecoder().decode(ByteBuffer.wrap(r.value())));
          } catch (Exception e) {
            rejected.incrementAndGet();
            deadLettered = true;
            dlq.send(new ProducerRecord<>(config.kafka().topics().deadLetters(), r.key(), AvroMessages.encode(
                DeadLetter.getEncoder(), DeadLetter.newBuilder().setReasonCode("UNDECODABLE")
                    .setReason("not an Anomaly: " + e).setJob("notifier").setSourceTopic(r.topic())
                    .setSourcePartition(r.partition()).setSourceOffset(r.offset())
                    .setOriginalKey(r.key() == null ? null : ByteBuffer.wrap(r.key()))
                    .setOriginalValue(r.value() == null ? null : ByteBuffer.wrap(r.value()))
                    .setDeadLetteredAt(Instant.now()).build())));
          }
        }
        if (deadLettered) {
          dlq.flush(); // on the dead-letter topic before its position is stored past it
        }
        long now = clock.getAsLong();
        List<Notification> due = decide(anomalies, read, now);
        positions.putAll(read);
        if (!due.isEmpty()) {
          dispatcher.wake();
        }
        if (!read.isEmpty()) {
          commitToKafka(consumer, read);
        }
        if (now - lastPrune > PRUNE_EVERY_MS) {
          store.prune(now - KEEP_FINISHED_MS);
          lastPrune = now;
        }
      }
    } catch (Exception | Error e) {
      LOG.error("the notifier stopped: {}", e.toString(), e);
      fail(e instanceof Exception x ? x : new IllegalStateException(e.toString(), e));
    } finally {
      running.set(false);
    }
  }

  /** Takes the anomalies, collects the messages due, and stores all of it with the positions read, at once. */
  private List<Notification> decide(List<Anomaly> anomalies, Map<TopicPartition, Long> read, long now) {
    synchronized (engine) {
      List<Anomaly> taken = new ArrayList<>();
      for (Anomaly a : anomalies) {
        received.incrementAndGet();
        if (engine.onAnomaly(a, now)) {
          taken.add(a);
        }
      }
      List<Notification> due = engine.due(now, ackLinks == null ? NotificationEngine.Links.NONE : ackLinks);
      store.commit(new NotifierStore.Decision(taken, engine.groupStates(), engine.sequence(), read,
          due.stream().map(dispatcher::outgoing).toList()), now);
      return due;
    }
  }

  /**
   * What operators did in the web cockpit (`wattward serve`), read from ClickHouse {@code anomaly_actions}.
   * Each ACKNOWLEDGE action of the last week acknowledges, once, the groups in which its anomaly fires and
   * which nobody has acknowledged, so an escalation stops whichever way a person answered. An applied action
   * is stored like the ones from /ack (receiver {@link #COCKPIT}, at the action's time), so a restart applies
   * none twice and a group that turns worse later needs a new acknowledgement; an action whose anomaly is in
   * no group yet is tried again. The latest SILENCE of each anomaly (at most a week long) holds its messages,
   * repeats and escalation back until its end ({@link NotificationEngine#anomalySilences}); silences are read
   * afresh each turn, so a restart keeps them. ClickHouse out of reach or the table not there yet: tried at
   * the next turn.
   */
  private record CockpitAction(String anomalyId, String by, long atMs) {}

  private void cockpitActions(long now) {
    List<CockpitAction> actions = new ArrayList<>();
    Map<String, Long> silences = new HashMap<>();
    try (java.sql.Connection c = config.clickhouse().endpoint().open();
        java.sql.Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs = st.executeQuery(
          "SELECT anomaly_id, by_user, toUnixTimestamp(at) FROM anomaly_actions WHERE action = 'ACKNOWLEDGE'"
              + " AND at >= now() - INTERVAL 7 DAY ORDER BY at, anomaly_id")) {
        while (rs.next()) {
          actions.add(new CockpitAction(rs.getString(1), rs.getString(2), rs.getLong(3) * 1000));
        }
      }
      try (java.sql.ResultSet rs = st.executeQuery(
          "SELECT anomaly_id, toUnixTimestamp(argMax(until, at)) FROM anomaly_actions WHERE action = 'SILENCE'"
              + " AND until IS NOT NULL AND at >= now() - INTERVAL 7 DAY GROUP BY anomaly_id")) {
        while (rs.next()) {
          silences.put(rs.getString(1), rs.getLong(2) * 1000);
        }
      }
    } catch (java.sql.SQLException e) {
      LOG.debug("cockpit actions not read this time: {}", e.toString());
      return;
    }
    if (cockpitApplied == null) { // once: what earlier runs applied
      cockpitApplied = new HashMap<>();
      for (NotifierStore.Acknowledgement a : store.acknowledgements()) {
        if (COCKPIT.equals(a.receiver())) {
          cockpitApplied.put(a.target() + "|" + a.atMs(), a.atMs());
        }
      }
    }
    synchronized (engine) {
      engine.anomalySilences(silences);
      List<NotifierStore.Acknowledgement> taken = new ArrayList<>();
      for (CockpitAction a : actions) {
        String key = a.anomalyId() + "|" + a.atMs();
        if (!cockpitApplied.containsKey(key)) {
          List<String> groups = engine.acknowledgeAnomalyIfOpen(a.anomalyId(), a.by());
          if (!groups.isEmpty()) { // else tried again: the anomaly may reach a group later
            cockpitApplied.put(key, a.atMs());
            taken.add(new NotifierStore.Acknowledgement(a.atMs(), AckLinks.ANOMALY, a.anomalyId(), COCKPIT, a.by(),
                groups));
          }
        }
      }
      if (!taken.isEmpty()) {
        store.commit(new NotifierStore.Decision(List.of(), engine.groupStates(), engine.sequence(), Map.of(),
            List.of(), taken), now);
      }
    }
    // actions older than the week read never come back
    cockpitApplied.values().removeIf(at -> at < now - COCKPIT_WINDOW_MS);
  }

  /** Kafka's committed offsets only follow the store (for lag monitoring): a failure here loses nothing. */
  private static void commitToKafka(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> read) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    read.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
    try {
      consumer.commitSync(offsets);
    } catch (RebalanceInProgressException | CommitFailedException e) {
      LOG.debug("offsets not committed to Kafka this time: {}", e.toString());
    }
  }

  private void fail(Exception e) {
    if (failure == null) {
      failure = e;
    }
    running.set(false);
  }

  /** Whether the notifier still runs; if not, {@link #failure()} says why. */
  public boolean running() {
    return running.get();
  }

  public Exception failure() {
    return failure;
  }

  /** Acknowledgements from /ack: taken by the engine and stored, with who and when, before they are answered. */
  private final class Acknowledgements implements AckEndpoint.Acknowledger {
    @Override
    public List<String> acknowledge(AckLinks.Link link, String who, String by, long nowMs) {
      try {
        synchronized (engine) {
          List<String> groups = link.group() ? engine.acknowledgeGroup(link.target(), link.openedAtMs(), who)
              : engine.acknowledgeAnomaly(link.target(), who);
          if (!groups.isEmpty()) { // stored before it is answered: a restart does not forget it
            store.commit(new NotifierStore.Decision(List.of(), engine.groupStates(), engine.sequence(), Map.of(),
                List.of(), List.of(new NotifierStore.Acknowledgement(nowMs, link.kind(), link.target(),
                    link.receiver(), by, groups))), nowMs);
          }
          return groups;
        }
      } catch (RuntimeException e) {
        fail(e);
        throw e;
      }
    }

    @Override
    public String describe(AckLinks.Link link) {
      synchronized (engine) {
        return engine.describe(link.kind(), link.target(), link.openedAtMs());
      }
    }
  }

  private void health(Context x) throws IOException {
    String token = notify.ack().healthToken();
    if (token != null && !bearer(x.header("Authorization"), token)) {
      x.header("WWW-Authenticate", "Bearer realm=\"wattward-notifier\"");
      reply(x, 401, JSON.createObjectNode().put("error", "/health needs Authorization: Bearer <ack.healthToken>"));
      return;
    }
    int groups;
    synchronized (engine) {
      groups = engine.groups();
    }
    ObjectNode body = JSON.createObjectNode().put("running", running.get()).put("groups", groups)
        .put("restoredGroups", restoredGroups).put("received", received.get()).put("rejected", rejected.get());
    try {
      NotifierStore.OutboxStats outbox = store.outboxStats();
      body.put("outboxPending", outbox.pending())
          .put("oldestPendingAgeMs", outbox.oldestCreatedAt() < 0 ? 0 : clock.getAsLong() - outbox.oldestCreatedAt());
    } catch (RuntimeException e) {
      body.put("store", e.getMessage());
    }
    reply(x, running.get() ? 200 : 503, body);
  }

  /** Whether the header is {@code Bearer <token>}; compared in constant time (hashes of equal length). */
  static boolean bearer(String header, String token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] given = sha.digest(header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(given, sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static void reply(Context x, int status, ObjectNode json) throws IOException {
    x.header("Cache-Control", "no-store");
    x.contentType("application/json; charset=utf-8");
    x.status(status).result(JSON.writeValueAsBytes(json));
  }

  /** Stops taking records, lets deliveries in flight finish (a few seconds at most) and closes the store. */
  @Override
  public void close() throws Exception {
    running.set(false);
    if (server != null) {
      server.stop();
    }
    if (cockpit != null) {
      cockpit.shutdownNow();
      cockpit.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (loop != null) {
      loop.join(10_000);
    }
    dispatcher.stop(5_000);
    store.close();
  }
}
