package io.wattward.notify;

import static io.wattward.notify.Waiting.waitFor;
import static io.wattward.notify.NotificationEngineTest.anomaly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.OrderedProducer;
import io.wattward.schema.Anomaly;
import io.wattward.testing.LocalInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wattward notify} killed with SIGKILL at the worst moments and started again: the real
 * {@link NotifierMain} in a child JVM, anomalies on a real Kafka topic, ClickHouse for the delivery log, and
 * a local HTTP server standing in for the receivers' webhooks and the repair system, which counts every
 * message by receiver, reason and group. After each restart: nothing lost, nothing sent twice, timers on
 * time (they are absolute and stored), and {@code /health} shows the restored groups.
 *
 * <p>Timing: groupWait 2 s, groupInterval 3 s, escalateAfter 4 s, repeatInterval 8 s, backoff 1 s. A
 * message due while the notifier was down goes out at once after the restart. The test does not see the
 * instant a timer was set (the decision inside the notifier), only bounds on it: no earlier than the
 * anomaly was published plus the group wait, no later than the first message arrived. So a message must
 * arrive no earlier than the earliest its timer can be due, and no later than {@link #TOLERANCE_MS} after
 * the later of the latest it can be due and the restart. 1.5 s covers the decision tick (a poll of at
 * most 200 ms), the wake-up of the delivery thread, the local HTTP call, and a loaded machine (two cores
 * shared with a build); a timer lost, or started again from the restart, misses that window by seconds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotifierCrashTest {

  static final long GROUP_WAIT_MS = 2_000;
  static final long GROUP_INTERVAL_MS = 3_000;
  static final long ESCALATE_MS = 4_000;
  static final long REPEAT_MS = 8_000;
  static final long BACKOFF_MS = 1_000;
  static final long TOLERANCE_MS = 1_500;

  static final String IP2 = "PPH/MAIN/IP2";
  static final String OPD = "PPH/MAIN/OPD";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request the stand-in received: the message's reason, group (the anomaly for a ticket) and acknowledge link. */
  record Call(String path, String reason, String group, String ackUrl, int status, long atMs) {}

  @TempDir Path dir;
  private final LocalInfra infra = LocalInfra.get();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private volatile boolean criticalDown;
  private HttpServer http;
  private ClickHouseEndpoint clickhouse;
  private String topicPrefix;
  private KafkaProducer<byte[], byte[]> producer;
  private Path routes;
  private int ackPort;
  private Process child;
  private int starts;

  @BeforeEach
  void setUp() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String p : List.of("/engineers", "/manager", "/office", "/critical", "/tickets")) {
      http.createContext(p, x -> answer(p, x));
    }
    http.start();
    clickhouse = infra.newDatabase("notifycrash");
    topicPrefix = clickhouse.database() + "-";
    KafkaTopics.ensure(infra.kafkaBootstrap(), List.of(new KafkaTopics.Spec(topicPrefix + "anomalies", 2, false)));
    producer = OrderedProducer.create(infra.kafkaBootstrap());
    try (ServerSocket s = new ServerSocket(0)) {
      ackPort = s.getLocalPort();
    }
    String h = "http://127.0.0.1:" + http.getAddress().getPort();
    routes = dir.resolve("routes.yaml");
    Files.writeString(routes, """
        zone: Asia/Shanghai
        receivers:
          - name: engineers
            channels:
              - {type: webhook, url: "%1$s/engineers"}
              - {type: workorder, url: "%1$s/tickets", ticketIdField: id}
            escalateAfter: 4s
            escalateTo: manager
          - name: manager
            channels: [{type: webhook, url: "%1$s/manager"}]
          - name: office
            channels: [{type: webhook, url: "%1$s/office"}]
          - name: critical-desk
            channels: [{type: webhook, url: "%1$s/critical"}]
        routes:
          - {match: {minSeverity: CRITICAL}, receiver: critical-desk}
          - {match: {building: PPH/MAIN/IP2}, receiver: engineers}
          - {match: {}, receiver: office}
        grouping: {by: [building, kind], groupWait: 2s, groupInterval: 3s, repeatInterval: 8s}
        delivery: {maxAttempts: 6, backoff: 1s, timeout: 5s}
        ack: {listen: "127.0.0.1:%2$d", baseUrl: "http://127.0.0.1:%2$d"}
        state: {path: "%3$s"}
        """.formatted(h, ackPort, dir.resolve("state/notify.db")));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor();
    }
    if (producer != null) {
      producer.close();
    }
    http.stop(0);
    for (int i = 1; i <= starts; i++) { // in the test's output file, for when it fails
      System.out.println("---- notifier run " + i + " ----\n" + Files.readString(dir.resolve("child-" + i + ".log")));
    }
    System.out.println("---- calls ----\n" + String.join("\n", calls.stream().map(Call::toString).toList()));
  }

  private void answer(String path, HttpExchange x) throws IOException {
    JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
    int status = path.equals("/critical") && criticalDown ? 503 : 200;
    String reply = "{}";
    Call call;
    if (path.equals("/tickets")) {
      reply = "{\"id\":\"T-" + (1000 + count("/tickets", "TICKET")) + "\"}";
      call = new Call(path, "TICKET", body.path("anomalyId").asText(), body.path("acknowledgeUrl").asText(), status,
          System.currentTimeMillis());
    } else {
      call = new Call(path, body.path("reason").asText(), body.path("groupKey").asText(), body.path("ackUrl").asText(),
          status, System.currentTimeMillis());
    }
    calls.add(call);
    byte[] out = reply.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, out.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(out);
    }
  }

  /** Delivered messages (answered 200) to a path with a reason. */
  private List<Call> delivered(String path, String reason) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals(path) && c.reason().equals(reason) && c.status() == 200)
          .toList();
    }
  }

  private int count(String path, String reason) {
    return delivered(path, reason).size();
  }

  private List<Call> callsTo(String path) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals(path)).toList();
    }
  }

  /** Starts the notifier as {@code wattward notify} runs it, in its own JVM; returns when /health answers. */
  private long startNotifier() throws Exception {
    starts++;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // surefire runs tests from a manifest-only jar; its property holds the real class path
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.wattward.schema", "-cp", classPath,
        NotifierMain.class.getName(), "--routes", routes.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("child-" + starts + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("WATTWARD_HOME", dir.toString());
    env.put("WATTWARD_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
    env.put("WATTWARD_CLICKHOUSE_URL", clickhouse.serverUrl());
    env.put("WATTWARD_CLICKHOUSE_DATABASE", clickhouse.database());
    // the local ClickHouse's writer (scripts/infra.sh); default is locked
    env.put("WATTWARD_CLICKHOUSE_USER", clickhouse.user());
    env.put("WATTWARD_CLICKHOUSE_PASSWORD", clickhouse.password());
    env.put("WATTWARD_KAFKA_TOPICS_ANOMALIES", topicPrefix + "anomalies");
    env.put("WATTWARD_KAFKA_TOPICS_DEAD_LETTERS", topicPrefix + "dead-letters");
    env.put(NotifyConfig.ACK_SECRET_ENV, "crash-test-acknowledge-secret-0123456789");
    child = pb.start();
    waitFor("the notifier's /health", 30_000, () -> {
      if (!child.isAlive()) {
        throw new AssertionError("the notifier exited with " + child.exitValue() + "; see its log below");
      }
      return health() != null;
    });
    return System.currentTimeMillis();
  }

  /**
   * Waits until the notifier has recorded every message it sent as sent. The stand-in counts a message
   * when it arrives, before it answers; a kill between that and the notifier's record is the one window in
   * which a message is sent again after the restart (at-least-once for a send in flight, by design). The
   * scenarios below kill at other moments, so they wait for this first.
   */
  private void awaitNothingInFlight() throws InterruptedException {
    waitFor("the outbox to be empty", 10_000, () -> health().path("outboxPending").asInt(-1) == 0);
  }

  /** SIGKILL: no shutdown hook, no close, no flush. */
  private void kill() throws InterruptedException {
    child.destroyForcibly();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
  }

  private JsonNode health() {
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ackPort + "/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** POSTs the signed acknowledge link of the group's latest message, as its button does. */
  private int acknowledge(String group) throws Exception {
    List<Call> messages;
    synchronized (calls) {
      messages = calls.stream().filter(c -> c.group().equals(group) && !c.ackUrl().isEmpty()).toList();
    }
    assertThat(messages).as("a message of %s with its link", group).isNotEmpty();
    return client.send(HttpRequest.newBuilder(URI.create(messages.get(messages.size() - 1).ackUrl() + "&by=Wang"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private void publish(Anomaly... anomalies) {
    for (Anomaly a : anomalies) {
      producer.send(new ProducerRecord<>(topicPrefix + "anomalies", a.getAnomalyId().getBytes(StandardCharsets.UTF_8),
          AvroMessages.encode(Anomaly.getEncoder(), a)));
    }
    producer.flush();
  }

  /** Lets time pass until {@code untilMs}, so that a duplicate or a premature message would show. */
  private static void quietUntil(long untilMs) throws InterruptedException {
    Thread.sleep(Math.max(0, untilMs - System.currentTimeMillis()));
  }

  /**
   * A message due between {@code earliestDueMs} and {@code latestDueMs} came on time: not before the
   * earliest, and at most the tolerance after the latest or the restart, whichever is later.
   */
  private static void assertOnTime(Call c, long earliestDueMs, long latestDueMs, long restartedAtMs) {
    assertThat(c.atMs()).as("%s %s due between %d and %d, restarted at %d", c.path(), c.reason(), earliestDueMs,
        latestDueMs, restartedAtMs).isBetween(earliestDueMs, Math.max(latestDueMs, restartedAtMs) + TOLERANCE_MS);
  }

  @Test
  void aGroupInItsGroupWaitAtTheKillIsSentOnceAfterTheRestart() throws Exception {
    startNotifier();
    long published = System.currentTimeMillis();
    publish(anomaly("A", "JUMP", "OPEN", "WARNING", OPD, 1));
    waitFor("the new group to be stored", 10_000, () -> health().path("groups").asInt() == 1);
    long stored = System.currentTimeMillis();
    assertThat(callsTo("/office")).as("killed inside the group wait").isEmpty();
    kill();

    long restarted = startNotifier();
    JsonNode h = health();
    assertThat(h.path("restoredGroups").asInt()).isEqualTo(1);
    assertThat(h.path("groups").asInt()).isEqualTo(1);
    waitFor("the group's first message", 10_000, () -> count("/office", "FIRING") == 1);
    Call first = delivered("/office", "FIRING").get(0);
    assertOnTime(first, published + GROUP_WAIT_MS, stored + GROUP_WAIT_MS, restarted);
    quietUntil(first.atMs() + 2_000);
    assertThat(callsTo("/office")).as("one message, once").hasSize(1);
    assertThat(first.group()).isEqualTo("office|PPH/MAIN/OPD|JUMP");
  }

  @Test
  void anEscalationPendingAtTheKillGoesOutOnTimeAndTheRepeatOpensNoSecondTicket() throws Exception {
    startNotifier();
    long published = System.currentTimeMillis();
    publish(anomaly("B", "JUMP", "OPEN", "WARNING", IP2, 1));
    waitFor("the first message and its ticket", 15_000,
        () -> count("/engineers", "FIRING") == 1 && count("/tickets", "TICKET") == 1);
    Call firing = delivered("/engineers", "FIRING").get(0);
    awaitNothingInFlight();
    kill(); // the escalation is due 4 s after the first message

    long restarted = startNotifier();
    assertThat(health().path("groups").asInt()).isEqualTo(1);
    waitFor("the escalation", 15_000, () -> count("/manager", "ESCALATION") == 1);
    long firstMessage = published + GROUP_WAIT_MS; // the earliest the first message can have been decided
    assertOnTime(delivered("/manager", "ESCALATION").get(0), firstMessage + ESCALATE_MS, firing.atMs() + ESCALATE_MS,
        restarted);
    waitFor("the repeat", 15_000, () -> count("/engineers", "REPEAT") == 1);
    Call repeat = delivered("/engineers", "REPEAT").get(0);
    assertOnTime(repeat, firstMessage + REPEAT_MS, firing.atMs() + REPEAT_MS, restarted);
    quietUntil(repeat.atMs() + 1_500);
    assertThat(callsTo("/engineers")).as("first message and repeat, once each").hasSize(2);
    assertThat(callsTo("/manager")).as("one escalation").hasSize(1);
    assertThat(callsTo("/tickets")).as("the ticket opened before the kill is remembered").hasSize(1);
  }

  @Test
  void aResolutionDueAtTheKillIsSentOnceAfterTheRestart() throws Exception {
    startNotifier();
    long published = System.currentTimeMillis();
    publish(anomaly("C", "FLATLINE", "OPEN", "WARNING", OPD, 1));
    waitFor("the first message", 15_000, () -> count("/office", "FIRING") == 1);
    Call firing = delivered("/office", "FIRING").get(0);
    awaitNothingInFlight();
    publish(anomaly("C", "FLATLINE", "RESOLVED", "WARNING", OPD, 2));
    waitFor("the resolution to be stored", 10_000, () -> health().path("received").asInt() == 2);
    JsonNode before = health();
    assertThat(before.path("outboxPending").asInt() + count("/office", "RESOLVED"))
        .as("killed before the resolution was decided").isZero();
    kill(); // the resolution is due groupInterval after the first message

    long restarted = startNotifier();
    waitFor("the resolution", 15_000, () -> count("/office", "RESOLVED") == 1);
    Call resolved = delivered("/office", "RESOLVED").get(0);
    assertOnTime(resolved, published + GROUP_WAIT_MS + GROUP_INTERVAL_MS, firing.atMs() + GROUP_INTERVAL_MS,
        restarted);
    quietUntil(resolved.atMs() + 2_000);
    assertThat(callsTo("/office")).as("first message and resolution, once each").hasSize(2);
    assertThat(health().path("groups").asInt()).as("resolved and told: the group is closed").isZero();
  }

  @Test
  void aDeliveryMidRetryAtTheKillResumesItsBackoffAndGoesThroughOnce() throws Exception {
    criticalDown = true;
    startNotifier();
    publish(anomaly("D", "JUMP", "OPEN", "CRITICAL", OPD, 1));
    waitFor("two failed attempts", 15_000, () -> callsTo("/critical").size() == 2);
    // no repeats: this test counts one message's attempts
    assertThat(acknowledge("critical-desk|PPH/MAIN/OPD|JUMP")).isEqualTo(200);
    Thread.sleep(300); // the second failure is in the store; the kill lands between attempts
    kill();

    long restarted = startNotifier();
    JsonNode h = health();
    assertThat(h.path("groups").asInt()).isEqualTo(1);
    assertThat(h.path("outboxPending").asInt()).as("the message waits for its retry").isEqualTo(1);
    assertThat(h.path("oldestPendingAgeMs").asLong()).isGreaterThanOrEqualTo(BACKOFF_MS);
    waitFor("a third attempt", 15_000, () -> callsTo("/critical").size() == 3);
    List<Call> attempts = callsTo("/critical");
    // the third attempt keeps the schedule it had before the kill: 2 s after the second failed (or at the
    // restart); the failure was recorded after the stand-in answered and before the test's 300 ms were up
    assertOnTime(attempts.get(2), attempts.get(1).atMs() + 2 * BACKOFF_MS, attempts.get(1).atMs() + 300
        + 2 * BACKOFF_MS, restarted);
    criticalDown = false;
    waitFor("the delivery", 20_000, () -> count("/critical", "FIRING") == 1);
    quietUntil(attempts.get(0).atMs() + REPEAT_MS + TOLERANCE_MS);
    assertThat(count("/critical", "FIRING")).as("delivered once").isEqualTo(1);
    assertThat(callsTo("/critical")).as("only the one message's attempts").allMatch(c -> c.reason().equals("FIRING"));

    // every attempt logged with its number: counted on across the restart, not started again
    List<String> logged = new ArrayList<>();
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT attempt, status FROM notification_log WHERE receiver = 'critical-desk' ORDER BY attempt")) {
      while (rs.next()) {
        logged.add(rs.getInt(1) + " " + rs.getString(2));
      }
    }
    int n = callsTo("/critical").size();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      expected.add(i + " FAILED");
    }
    expected.add(n + " SENT");
    assertThat(logged).isEqualTo(expected);
  }

  @Test
  void aRepeatDueAfterTheKillComesOnTimeAndAnAcknowledgementSurvivesIt() throws Exception {
    startNotifier();
    long published = System.currentTimeMillis();
    publish(anomaly("E1", "JUMP", "OPEN", "WARNING", OPD, 1), anomaly("E2", "FLATLINE", "OPEN", "WARNING", OPD, 1));
    waitFor("both groups' first messages", 15_000, () -> count("/office", "FIRING") == 2);
    awaitNothingInFlight();
    assertThat(acknowledge("office|PPH/MAIN/OPD|FLATLINE")).isEqualTo(200); // E2's group
    Call e1 = delivered("/office", "FIRING").stream().filter(c -> c.group().endsWith("|JUMP")).findFirst().orElseThrow();
    Call e2 = delivered("/office", "FIRING").stream().filter(c -> c.group().endsWith("|FLATLINE")).findFirst()
        .orElseThrow();
    kill();

    long restarted = startNotifier();
    JsonNode h = health();
    assertThat(h.path("restoredGroups").asInt()).isEqualTo(2);
    assertThat(h.path("groups").asInt()).isEqualTo(2);
    waitFor("the repeat", 20_000, () -> count("/office", "REPEAT") >= 1);
    Call repeat = delivered("/office", "REPEAT").get(0);
    assertThat(repeat.group()).isEqualTo("office|PPH/MAIN/OPD|JUMP");
    assertOnTime(repeat, published + GROUP_WAIT_MS + REPEAT_MS, e1.atMs() + REPEAT_MS, restarted);
    quietUntil(Math.max(repeat.atMs(), e2.atMs() + REPEAT_MS) + TOLERANCE_MS);
    assertThat(delivered("/office", "REPEAT")).as("E1's group repeated once; E2's, acknowledged, not at all")
        .hasSize(1);
    assertThat(callsTo("/office")).hasSize(3);

    // Ctrl-C (SIGTERM) closes cleanly and promptly, and the next start goes on from there
    long stopping = System.currentTimeMillis();
    child.destroy();
    assertThat(child.waitFor(15, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
    assertThat(System.currentTimeMillis() - stopping).isLessThan(10_000);
    assertThat(Files.exists(dir.resolve("state/notify.db-wal")) ? Files.size(dir.resolve("state/notify.db-wal")) : 0)
        .as("closed: the journal is folded into the file").isZero();
    startNotifier();
    assertThat(health().path("restoredGroups").asInt()).isEqualTo(2);
    quietUntil(System.currentTimeMillis() + 1_000);
    assertThat(callsTo("/office")).as("nothing sent again after a clean stop").hasSize(3);
  }
}
