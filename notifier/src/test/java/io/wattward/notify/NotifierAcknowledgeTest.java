package io.wattward.notify;

import static io.wattward.notify.Waiting.waitFor;
import static io.wattward.notify.NotificationEngineTest.anomaly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wattward.config.WattwardConfig;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: acknowledge links that cannot be guessed, previewed or bent. The real notifier with its HTTP
 * endpoint, anomalies on a real Kafka topic, and a local HTTP server standing in for the receivers' webhooks
 * that counts every message and keeps its acknowledge link. An escalation is what an acknowledgement stops,
 * so it is what these tests watch: after every refused request it still goes out on time; after a valid
 * POST it never does, also across a restart. The webhook's address and bearer token, and the health token,
 * come from {@code ${NAME}} references resolved from the environment given.
 *
 * <p>Timing: groupWait 1 s, escalateAfter 4 s, repeatInterval 1 h (no repeats). An escalation must arrive
 * no earlier than 4 s after the first message was decided (no later than it arrived) and at most
 * {@link #TOLERANCE_MS} after 4 s past its arrival.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NotifierAcknowledgeTest {

  static final String SECRET = "notifier-acknowledge-test-secret-0123456789";
  static final long ESCALATE_MS = 4_000;
  static final long TOLERANCE_MS = 1_500;
  static final String IP2 = "PPH/MAIN/IP2";
  static final String JUMP_GROUP = "engineers|PPH/MAIN/IP2|JUMP";
  static final String FLATLINE_GROUP = "engineers|PPH/MAIN/IP2|FLATLINE";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">");

  /** One message the stand-in received: its reason and group, its acknowledge link, its Authorization header. */
  record Call(String path, String reason, String group, String ackUrl, String authorization, long atMs) {}

  @TempDir Path dir;
  private final LocalInfra infra = LocalInfra.get();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private HttpServer http;
  private WattwardConfig config;
  private ClickHouseEndpoint clickhouse;
  private KafkaProducer<byte[], byte[]> producer;
  private NotifierService service;
  private int ackPort;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String p : List.of("/engineers", "/manager")) {
      http.createContext(p, x -> answer(p, x));
    }
    http.start();
    clickhouse = infra.newDatabase("notifyack");
    WattwardConfig base = infra.config(clickhouse.database());
    config = base.withTopics(base.kafka().topics().prefixed(clickhouse.database() + "-"));
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().anomalies(), 2, false)));
    producer = OrderedProducer.create(config.kafka().bootstrap());
    try (ServerSocket s = new ServerSocket(0)) {
      ackPort = s.getLocalPort();
    }
    env = Map.of("TEST_HOOKS", "http://127.0.0.1:" + http.getAddress().getPort(), "TEST_HOOK_TOKEN", "hook-token-1",
        "TEST_HEALTH_TOKEN", "health-token-2", NotifyConfig.ACK_SECRET_ENV, SECRET);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
    producer.close();
    http.stop(0);
    System.out.println("---- calls ----\n" + String.join("\n", calls.stream().map(Call::toString).toList()));
  }

  private String settings() {
    return """
        zone: Asia/Shanghai
        language: en
        receivers:
          - name: engineers
            channels:
              - {type: webhook, url: "${TEST_HOOKS}/engineers", headers: {Authorization: "Bearer ${TEST_HOOK_TOKEN}"}}
            escalateAfter: 4s
            escalateTo: manager
          - name: manager
            channels: [{type: webhook, url: "${TEST_HOOKS}/manager"}]
        routes:
          - {match: {building: PPH/MAIN/IP2}, receiver: engineers}
        grouping: {by: [building, kind], groupWait: 1s, groupInterval: 2s, repeatInterval: 1h}
        delivery: {maxAttempts: 3, backoff: 200ms, timeout: 5s}
        ack: {listen: "127.0.0.1:%1$d", baseUrl: "http://127.0.0.1:%1$d", linkValidFor: 2h,
              healthToken: "${TEST_HEALTH_TOKEN}"}
        state: {path: "%2$s"}
        """.formatted(ackPort, dir.resolve("state/notify.db"));
  }

  private void startNotifier() throws Exception {
    startNotifier(NotifierService.COCKPIT_EVERY_MS);
  }

  private void startNotifier(long cockpitEveryMs) throws Exception {
    NotifyConfig notify = NotifyConfig.parse(settings(), env);
    service = new NotifierService(config, notify, NotifierMain.stateFile(notify, config, Map.of()), null,
        System::currentTimeMillis, cockpitEveryMs);
    service.start();
  }

  private void answer(String path, HttpExchange x) throws IOException {
    JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
    calls.add(new Call(path, body.path("reason").asText(), body.path("groupKey").asText(), body.path("ackUrl").asText(),
        x.getRequestHeaders().getFirst("Authorization"), System.currentTimeMillis()));
    byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, out.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(out);
    }
  }

  private List<Call> calls(String path, String reason, String group) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals(path) && c.reason().equals(reason) && c.group().equals(group))
          .toList();
    }
  }

  private void publish(Anomaly... anomalies) {
    for (Anomaly a : anomalies) {
      producer.send(new ProducerRecord<>(config.kafka().topics().anomalies(),
          a.getAnomalyId().getBytes(StandardCharsets.UTF_8), AvroMessages.encode(Anomaly.getEncoder(), a)));
    }
    producer.flush();
  }

  private HttpResponse<String> send(String method, String url, String form, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("Accept", accept).method(method, form == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url) throws Exception {
    return send("POST", url, null, "application/json");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return send("GET", url, null, "text/html");
  }

  /** The link with one parameter replaced (or removed when {@code value} is null). */
  private static String with(String link, String name, String value) {
    Map<String, String> p = AckLinksTest.params(link);
    if (value == null) {
      p.remove(name);
    } else {
      p.put(name, value);
    }
    return link.substring(0, link.indexOf('?') + 1) + form(p);
  }

  private static String form(Map<String, String> p) {
    List<String> pairs = new ArrayList<>();
    p.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  @Test
  void refusedAcknowledgementsChangeNothingAndTheEscalationGoesOutOnTime() throws Exception {
    startNotifier();
    long published = System.currentTimeMillis();
    publish(anomaly("A", "JUMP", "OPEN", "WARNING", IP2, 1), anomaly("B", "FLATLINE", "OPEN", "WARNING", IP2, 1));
    waitFor("both groups' first messages", 15_000, () -> calls("/engineers", "FIRING", JUMP_GROUP).size() == 1
        && calls("/engineers", "FIRING", FLATLINE_GROUP).size() == 1);
    Call first = calls("/engineers", "FIRING", JUMP_GROUP).get(0);
    String link = first.ackUrl();
    String other = calls("/engineers", "FIRING", FLATLINE_GROUP).get(0).ackUrl();
    assertThat(first.authorization()).as("the header's ${TEST_HOOK_TOKEN}, resolved").isEqualTo("Bearer hook-token-1");
    assertThat(link).startsWith("http://127.0.0.1:" + ackPort + "/ack?group=" + URLEncoder.encode(JUMP_GROUP,
        StandardCharsets.UTF_8) + "&opened=").contains("&to=engineers&exp=", "&sig=");

    String base = "http://127.0.0.1:" + ackPort + "/ack?";
    long twoDaysAgo = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
    String expired = new AckLinks("http://127.0.0.1:" + ackPort, SECRET, Duration.ofHours(2)).forGroup(JUMP_GROUP,
        Long.parseLong(AckLinksTest.params(link).get("opened")), "engineers", twoDaysAgo);
    String sig = AckLinksTest.params(link).get("sig");
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("the measured attack: a guessed key", base + "group=" + URLEncoder.encode(JUMP_GROUP,
        StandardCharsets.UTF_8) + "&by=mallory");
    bad.put("no signature", with(link, "sig", null));
    bad.put("a wrong signature", with(link, "sig", (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1)));
    bad.put("an expired link", expired);
    bad.put("the group changed", with(link, "group", FLATLINE_GROUP));
    bad.put("the receiver changed", with(link, "to", "manager"));
    bad.put("the expiry moved", with(link, "exp", "99999999999"));
    bad.put("a second target next to the signed one", link + "&anomaly=A");
    bad.put("the group given twice", link + "&group=" + URLEncoder.encode(FLATLINE_GROUP, StandardCharsets.UTF_8));
    bad.put("another group's signature", with(link, "sig", AckLinksTest.params(other).get("sig")));
    for (Map.Entry<String, String> b : bad.entrySet()) {
      for (String method : List.of("GET", "POST")) {
        HttpResponse<String> r = send(method, b.getValue(), null, "application/json");
        assertThat(r.statusCode()).as("%s %s", method, b.getKey()).isEqualTo(403);
        assertThat(r.body()).as("%s %s", method, b.getKey()).doesNotContain("acknowledged");
      }
    }
    assertThat(post(expired).body()).contains("expired");
    // a form POST cannot smuggle in a target either: the body's group against the query's
    assertThat(send("POST", link, "group=" + URLEncoder.encode(FLATLINE_GROUP, StandardCharsets.UTF_8), "text/html")
        .statusCode()).isEqualTo(403);
    for (String method : List.of("PUT", "DELETE", "PATCH", "HEAD")) {
      HttpResponse<String> r = send(method, link, null, "application/json");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
    }
    // a valid link opened (a person, or a chat client's preview): the page with its button, nothing more
    HttpResponse<String> page = get(link);
    assertThat(page.statusCode()).isEqualTo(200);
    // HTML in UTF-8, however the server spells the header (Jetty writes text/html;charset=utf-8)
    assertThat(page.headers().firstValue("Content-Type").map(t -> t.replace(" ", "").toLowerCase()))
        .hasValue("text/html;charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        v -> assertThat(v).contains("default-src 'none'", "form-action 'self'"));
    assertThat(page.body()).contains("<form method=\"post\" action=\"ack\">", "<button type=\"submit\">Acknowledge",
        "engineers|PPH/MAIN/IP2|JUMP", "1 firing, not acknowledged", "name=\"sig\" value=\"" + sig + "\"");
    assertThat(get(link + "&by=" + URLEncoder.encode("<script>x</script>\"", StandardCharsets.UTF_8)).body())
        .as("escaped").contains("value=\"&lt;script&gt;x&lt;/script&gt;&quot;\"").doesNotContain("<script>");
    assertThat(send("GET", link, null, "application/json").statusCode()).isEqualTo(200);
    // a GET stays a GET whatever a header says, and a POST's body must be a form
    HttpResponse<String> overridden = client.send(HttpRequest.newBuilder(URI.create(link))
        .header("X-HTTP-Method-Override", "POST").header("Accept", "application/json").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(overridden.statusCode()).isEqualTo(200);
    assertThat(overridden.body()).contains("<button type=\"submit\">Acknowledge");
    HttpResponse<String> notAForm = client.send(HttpRequest.newBuilder(URI.create(link))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("by=mallory")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(notAForm.statusCode()).isEqualTo(403);
    assertThat(send("GET", "http://127.0.0.1:" + ackPort + "/ack/x", null, "application/json").statusCode())
        .isEqualTo(404);

    assertThat(service.acknowledgements()).as("nothing recorded").isEmpty();
    waitFor("both escalations", 15_000, () -> calls("/manager", "ESCALATION", JUMP_GROUP).size() == 1
        && calls("/manager", "ESCALATION", FLATLINE_GROUP).size() == 1);
    Call escalation = calls("/manager", "ESCALATION", JUMP_GROUP).get(0);
    assertThat(escalation.atMs()).as("the escalation on time").isBetween(published + 1_000 + ESCALATE_MS,
        first.atMs() + ESCALATE_MS + TOLERANCE_MS);
    assertThat(escalation.ackUrl()).as("the manager's own link").contains("&to=manager&");
    assertThat(service.acknowledgements()).isEmpty();
  }

  @Test
  void aSignedPostAcknowledgesRecordsWhoAndWhenAndSurvivesARestart() throws Exception {
    startNotifier();
    publish(anomaly("A", "JUMP", "OPEN", "WARNING", IP2, 1), anomaly("B", "FLATLINE", "OPEN", "WARNING", IP2, 1));
    waitFor("both groups' first messages", 15_000, () -> calls("/engineers", "FIRING", JUMP_GROUP).size() == 1
        && calls("/engineers", "FIRING", FLATLINE_GROUP).size() == 1);
    Call jump = calls("/engineers", "FIRING", JUMP_GROUP).get(0);
    Call flatline = calls("/engineers", "FIRING", FLATLINE_GROUP).get(0);

    // as a person does it: open the link, type a name, press the button (the page's form, posted as is)
    HttpResponse<String> page = get(jump.ackUrl());
    Map<String, String> form = new LinkedHashMap<>();
    Matcher m = HIDDEN.matcher(page.body());
    while (m.find()) {
      form.put(m.group(1), m.group(2));
    }
    assertThat(form).containsOnlyKeys("group", "opened", "to", "exp", "sig");
    form.put("by", "Wang");
    long before = System.currentTimeMillis();
    HttpResponse<String> done = send("POST", "http://127.0.0.1:" + ackPort + "/ack", form(form), "text/html");
    long after = System.currentTimeMillis();
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("<h1>Acknowledged</h1>", "Recorded as Wang (engineers)");
    // as a client does it: POST to the link itself; without by, the receiver the link was sent to
    HttpResponse<String> api = post(flatline.ackUrl());
    assertThat(api.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(api.body());
    assertThat(answer.path("acknowledged").asBoolean()).isTrue();
    assertThat(answer.path("by").asText()).isEqualTo("engineers");
    assertThat(answer.path("groups").toString()).isEqualTo("[\"" + FLATLINE_GROUP + "\"]");

    service.close(); // a restart between the acknowledgement and the escalation it stopped
    service = null;
    startNotifier();
    List<NotifierStore.Acknowledgement> acks = service.acknowledgements();
    assertThat(acks).hasSize(2);
    assertThat(acks.get(0)).satisfies(a -> {
      assertThat(a.kind()).isEqualTo("group");
      assertThat(a.target()).isEqualTo(JUMP_GROUP);
      assertThat(a.receiver()).isEqualTo("engineers");
      assertThat(a.by()).isEqualTo("Wang");
      assertThat(a.atMs()).isBetween(before, after);
      assertThat(a.groups()).containsExactly(JUMP_GROUP);
    });
    assertThat(acks.get(1).by()).isNull();
    assertThat(get(jump.ackUrl()).body()).as("the restored group remembers who")
        .contains("acknowledged by Wang (engineers)");

    Thread.sleep(Math.max(0, jump.atMs() + ESCALATE_MS + TOLERANCE_MS + 500 - System.currentTimeMillis()));
    assertThat(calls.stream().filter(c -> c.path().equals("/manager")).toList()).as("no escalation").isEmpty();
    assertThat(calls).as("the two first messages and nothing more").hasSize(2);
  }

  @Test
  void anAcknowledgementInTheWebCockpitStopsTheEscalationOnceAndIsRemembered() throws Exception {
    startNotifier(500); // the cockpit's acknowledgements read every half second here (5 s in production)
    publish(anomaly("A", "JUMP", "OPEN", "WARNING", IP2, 1));
    waitFor("the first message", 15_000, () -> calls("/engineers", "FIRING", JUMP_GROUP).size() == 1);
    Call jump = calls("/engineers", "FIRING", JUMP_GROUP).get(0);
    // an operator acknowledges it in the cockpit, as `wattward serve` writes it
    String id = "A";
    try (java.sql.Connection c = clickhouse.open(); java.sql.Statement st = c.createStatement()) {
      st.execute("INSERT INTO anomaly_actions (anomaly_id, action, by_user, at, until, note) VALUES ('" + id
          + "', 'ACKNOWLEDGE', 'li', now(), NULL, '')");
    }
    waitFor("the cockpit's acknowledgement", 15_000, () -> !service.acknowledgements().isEmpty());
    assertThat(service.acknowledgements()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo("anomaly");
      assertThat(a.target()).isEqualTo(id);
      assertThat(a.receiver()).isEqualTo("cockpit");
      assertThat(a.by()).isEqualTo("li");
      assertThat(a.groups()).containsExactly(JUMP_GROUP);
    });
    assertThat(get(jump.ackUrl()).body()).contains("acknowledged by li");
    // a restart applies it no second time
    service.close();
    service = null;
    startNotifier(500);
    Thread.sleep(Math.max(0, jump.atMs() + ESCALATE_MS + TOLERANCE_MS + 500 - System.currentTimeMillis()));
    Thread.sleep(2_000);
    assertThat(service.acknowledgements()).hasSize(1);
    assertThat(calls.stream().filter(c -> c.path().equals("/manager")).toList()).as("no escalation").isEmpty();
  }

  @Test
  void aSilenceSetInTheWebCockpitHoldsTheAnomalyBackUntilItEnds() throws Exception {
    startNotifier(500);
    publish(anomaly("A", "JUMP", "OPEN", "WARNING", IP2, 1));
    waitFor("the first message", 15_000, () -> calls("/engineers", "FIRING", JUMP_GROUP).size() == 1);
    Call jump = calls("/engineers", "FIRING", JUMP_GROUP).get(0);
    // an operator silences it in the cockpit for the next 9 seconds, as `wattward serve` writes it
    long untilSec = jump.atMs() / 1000 + 9;
    try (java.sql.Connection c = clickhouse.open(); java.sql.Statement st = c.createStatement()) {
      st.execute("INSERT INTO anomaly_actions (anomaly_id, action, by_user, at, until, note) VALUES ('A', 'SILENCE',"
          + " 'li', now(), toDateTime(" + untilSec + "), '')");
    }
    // the escalation was due 4 s after the first message: held back while the silence lasts
    Thread.sleep(Math.max(0, jump.atMs() + ESCALATE_MS + TOLERANCE_MS + 1_000 - System.currentTimeMillis()));
    assertThat(calls.stream().filter(c -> c.path().equals("/manager")).toList()).as("no escalation").isEmpty();
    assertThat(calls).as("only the first message").hasSize(1);
    // the silence ends: the group tells it again, and nobody having acknowledged it, it is escalated
    waitFor("the message after the silence", 15_000, () -> calls("/engineers", "UPDATE", JUMP_GROUP).size() == 1);
    waitFor("the escalation after the silence", 15_000, () -> calls("/manager", "ESCALATION", JUMP_GROUP).size() == 1);
    assertThat(calls("/engineers", "UPDATE", JUMP_GROUP).get(0).atMs()).isGreaterThanOrEqualTo(untilSec * 1000);
    assertThat(calls("/manager", "ESCALATION", JUMP_GROUP).get(0).atMs()).isGreaterThanOrEqualTo(untilSec * 1000);
    assertThat(service.acknowledgements()).as("a silence is no acknowledgement").isEmpty();
  }

  @Test
  void healthNeedsTheBearerTokenWhenOneIsSet() throws Exception {
    startNotifier();
    String health = "http://127.0.0.1:" + ackPort + "/health";
    assertThat(client.send(HttpRequest.newBuilder(URI.create(health)).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(401);
    for (String wrong : List.of("Bearer health-token-3", "Bearer ", "Basic aGVhbHRoLXRva2VuLTI=", "health-token-2")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(health)).header("Authorization", wrong)
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(wrong).isEqualTo(401);
      assertThat(r.body()).doesNotContain("groups");
    }
    HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(health))
        .header("Authorization", "Bearer health-token-2").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).path("running").asBoolean()).isTrue();
  }

  @Test
  void anUnsetReferenceOrAMissingAckSecretStopsTheStartNamingWhatIsMissing() throws Exception {
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, settings());
    Map<String, String> withoutToken = new HashMap<>(env);
    withoutToken.remove("TEST_HOOK_TOKEN");
    withoutToken.put("WATTWARD_HOME", dir.toString());
    assertThatThrownBy(() -> NotifierMain.run(new String[] {"--routes", routes.toString()}, withoutToken))
        .hasMessageContaining("receivers[engineers].channels[0].headers.Authorization: environment variable "
            + "TEST_HOOK_TOKEN is not set");
    Map<String, String> withoutSecret = new HashMap<>(env);
    withoutSecret.remove(NotifyConfig.ACK_SECRET_ENV);
    withoutSecret.put("WATTWARD_HOME", dir.toString());
    assertThatThrownBy(() -> NotifierMain.run(new String[] {"--routes", routes.toString()}, withoutSecret))
        .hasMessageContaining("WATTWARD_ACK_SECRET, which is not set");
    assertThat(dir.resolve("state")).as("refused before anything was opened").doesNotExist();
  }
}
