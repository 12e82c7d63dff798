package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.schema.Anomaly;
import io.wattward.testing.LocalInfra;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier through the real path: anomalies on a real Kafka topic, messages to a real SMTP server
 * (GreenMail) and to a real local HTTP server standing in for WeCom, DingTalk, Feishu, a webhook and the
 * repair system, which checks each robot's payload format and signature the way the robot platforms
 * do; every attempt in ClickHouse.
 */
class NotifierEndToEndTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String DING_SECRET = "SECdingtalk-test-secret";
  private static final String FEISHU_SECRET = "feishu-test-secret";
  private static final String ACK_SECRET = "end-to-end-test-acknowledge-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalInfra infra = LocalInfra.get();
  private HttpServer http;
  private final Map<String, List<String>> seen = Collections.synchronizedMap(new TreeMap<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private WattwardConfig config;
  private ClickHouseEndpoint clickhouse;
  private NotifierService service;
  @TempDir Path stateDir;

  private static String hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data));
  }

  private void handle(String path, HttpExchange x) throws java.io.IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String answer;
    int status = 200;
    try {
      JsonNode json = JSON.readTree(body);
      switch (path) {
        case "/wecom" -> {
          // WeCom group robot: {"msgtype":"markdown","markdown":{"content":"..."}}
          check(json.path("msgtype").asText().equals("markdown") && json.path("markdown").path("content").isTextual(),
              "wecom format: " + body);
          answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
        }
        case "/dingtalk" -> {
          // DingTalk robot: timestamp and sign in the query, sign = urlencode(base64(HmacSHA256(secret, ts\nsecret)))
          Map<String, String> q = new HashMap<>();
          for (String kv : x.getRequestURI().getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
          }
          String expected = hmac(DING_SECRET.getBytes(StandardCharsets.UTF_8),
              (q.get("timestamp") + "\n" + DING_SECRET).getBytes(StandardCharsets.UTF_8));
          boolean signed = expected.equals(q.get("sign"))
              && Math.abs(System.currentTimeMillis() - Long.parseLong(q.get("timestamp"))) < 3_600_000;
          check(signed, "dingtalk signature");
          check(q.get("access_token").equals("ding-token"), "dingtalk token kept");
          check(json.path("msgtype").asText().equals("markdown") && json.path("markdown").path("title").isTextual()
              && json.path("markdown").path("text").isTextual(), "dingtalk format: " + body);
          answer = signed ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
        }
        case "/feishu" -> {
          // Feishu robot: {"timestamp":"s","sign":base64(HmacSHA256(key=ts\nsecret, "")),"msg_type":"text","content":{"text":..}}
          String ts = json.path("timestamp").asText();
          String expected = hmac((ts + "\n" + FEISHU_SECRET).getBytes(StandardCharsets.UTF_8), new byte[0]);
          boolean signed = expected.equals(json.path("sign").asText());
          check(signed, "feishu signature");
          check(json.path("msg_type").asText().equals("text") && json.path("content").path("text").isTextual(),
              "feishu format: " + body);
          answer = signed ? "{\"code\":0,\"msg\":\"success\"}" : "{\"code\":19021,\"msg\":\"sign match fail\"}";
        }
        case "/hook" -> {
          check(json.path("firing").isArray() && json.path("resolved").isArray() && json.path("groupKey").isTextual(),
              "webhook format: " + body);
          answer = "{}";
        }
        case "/tickets" -> {
          check(json.path("anomalyId").isTextual() && json.path("title").isTextual(), "ticket format: " + body);
          answer = "{\"ticket\":{\"no\":\"x\"},\"id\":\"T-" + (1000 + seen.getOrDefault(path, List.of()).size()) + "\"}";
        }
        case "/flaky" -> {
          answer = "{}";
          if (flakyCalls.incrementAndGet() <= 2) {
            status = 503;
            answer = "{\"error\":\"busy\"}";
          }
        }
        default -> {
          status = 500;
          answer = "{\"error\":\"down\"}";
        }
      }
    } catch (Exception e) {
      problems.add(path + ": " + e);
      status = 400;
      answer = "{}";
    }
    seen.computeIfAbsent(path, k -> Collections.synchronizedList(new ArrayList<>())).add(body);
    byte[] out = answer.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, out.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(out);
    }
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      problems.add(what);
    }
  }

  @BeforeEach
  void start() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String p : List.of("/wecom", "/dingtalk", "/feishu", "/hook", "/tickets", "/flaky", "/down")) {
      http.createContext(p, x -> handle(p, x));
    }
    http.start();
    clickhouse = infra.newDatabase("notify");
    WattwardConfig base = infra.config(clickhouse.database());
    config = base.withTopics(base.kafka().topics().prefixed(clickhouse.database() + "-"));
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().anomalies(), 2, false)));
  }

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    http.stop(0);
  }

  private String settings(int ackPort, String language) {
    String h = "http://127.0.0.1:" + http.getAddress().getPort();
    return """
        zone: Asia/Shanghai
        language: %6$s
        receivers:
          - name: ip2-engineers
            channels:
              - {type: wecom, url: "%1$s/wecom?key=abc"}
              - {type: dingtalk, url: "%1$s/dingtalk?access_token=ding-token", secret: "%2$s"}
              - {type: feishu, url: "%1$s/feishu", secret: "%3$s"}
              - {type: email, to: ["ip2-engineers@hospital.test"]}
              - {type: workorder, url: "%1$s/tickets", ticketIdField: id, headers: {Authorization: "Bearer t"}}
              - {type: webhook, url: "%1$s/flaky"}
              - {type: webhook, url: "%1$s/down"}
            escalateAfter: 3s
            escalateTo: facility-manager
          - name: facility-manager
            channels:
              - {type: webhook, url: "%1$s/hook"}
        routes:
          - match: {building: PPH/MAIN/IP2}
            receiver: ip2-engineers
        grouping: {by: [building, kind], groupWait: 1s, groupInterval: 2s, repeatInterval: 5s}
        smtp: {host: 127.0.0.1, port: %4$d, from: "wattward@hospital.test"}
        delivery: {maxAttempts: 3, backoff: 200ms, timeout: 5s}
        ack: {listen: "127.0.0.1:%5$d", baseUrl: "http://127.0.0.1:%5$d"}
        """.formatted(h, DING_SECRET, FEISHU_SECRET, SMTP.getSmtp().getPort(), ackPort, language);
  }

  private void publish(Anomaly... anomalies) {
    try (KafkaProducer<byte[], byte[]> producer = io.wattward.connectors.kafka.OrderedProducer.create(config.kafka().bootstrap())) {
      for (Anomaly a : anomalies) {
        producer.send(new ProducerRecord<>(config.kafka().topics().anomalies(), a.getAnomalyId().getBytes(StandardCharsets.UTF_8),
            AvroMessages.encode(Anomaly.getEncoder(), a)));
      }
      producer.send(new ProducerRecord<>(config.kafka().topics().anomalies(), "x".getBytes(StandardCharsets.UTF_8),
          "not avro".getBytes(StandardCharsets.UTF_8)));
    }
  }

  static Anomaly anomaly(String status, String severity, long version) {
    return Anomaly.newBuilder(
        NotificationEngineTest.anomaly("JUMP|PPH/MAIN/CARDIOLOGY|", "JUMP", status, severity, "PPH/MAIN/IP2", version))
        .setNodeId("PPH/MAIN/CARDIOLOGY").setSubject("").setEnergyType("WATER").setUnit("m3").setExpected(2.0)
        .setActual(2.6).setPeakDeviationPct(30.0).setExcessEnergy(2.4)
        .setExcessCost(9.84).setDetail("2.60 m3 in the hour against 2.00 usual for this hour of the week (+30.0%)").build();
  }

  private Map<String, Long> attempts(String status) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT receiver || ' ' || channel || ' ' || reason, count() FROM notification_log WHERE status = '" + status
            + "' GROUP BY receiver, channel, reason")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static void waitFor(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    Waiting.waitFor(what, 30_000, done);
  }

  private int count(String path) {
    return seen.getOrDefault(path, List.of()).size();
  }

  @Test
  void anAnomalyIsNotifiedOnceOnEveryChannelRepeatedEscalatedAcknowledgedAndResolved() throws Exception {
    int ackPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      ackPort = s.getLocalPort();
    }
    service = new NotifierService(config, NotifyConfig.parse(settings(ackPort, "en"), Map.of(NotifyConfig.ACK_SECRET_ENV,
        ACK_SECRET)), stateDir.resolve("notify.db"), null, System::currentTimeMillis);
    service.start();
    publish(anomaly("OPEN", "WARNING", 1), anomaly("OPEN", "WARNING", 1)); // the same state twice: one message

    waitFor("the first message on every channel", () -> count("/wecom") == 1 && count("/dingtalk") == 1
        && count("/feishu") == 1 && count("/tickets") == 1 && SMTP.getReceivedMessages().length == 1
        && count("/flaky") == 3);
    // escalation after 3 s without acknowledgement, to the facility manager's webhook
    waitFor("the escalation", () -> count("/hook") == 1);
    // a repeat 5 s after the first message: robots again, but no second ticket for the same anomaly
    waitFor("the repeat", () -> count("/wecom") == 2);
    assertThat(count("/tickets")).isEqualTo(1);

    // acknowledged through the signed link the message carries (a POST; opening it only shows a page): no
    // more repeats
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("\\[Acknowledge]\\(([^)]+)\\)")
        .matcher(JSON.readTree(seen.get("/wecom").get(1)).path("markdown").path("content").asText());
    assertThat(link.find()).isTrue();
    HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group(1)
        + "&by=Wang")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).contains("\"by\":\"Wang\"");
    int afterAck = count("/wecom");
    Thread.sleep(6_000);
    assertThat(count("/wecom")).as("acknowledged: not repeated").isEqualTo(afterAck);

    // resolved: one resolved message
    publish(anomaly("RESOLVED", "WARNING", 2));
    waitFor("the resolved message", () -> count("/wecom") == afterAck + 1);
    JsonNode resolved = JSON.readTree(seen.get("/wecom").get(afterAck));
    assertThat(resolved.path("markdown").path("content").asText()).startsWith("**[RESOLVED] 1 resolved: PPH/MAIN/IP2 · JUMP**")
        .contains("Resolved:", "WARNING JUMP PPH/MAIN/CARDIOLOGY from 2026-11-20 10:00 to 2026-11-20 10:10");
    service.dispatcher().drain(10_000);

    assertThat(problems).as("what the robot servers found wrong").isEmpty();
    JsonNode first = JSON.readTree(seen.get("/wecom").get(0));
    assertThat(first.path("markdown").path("content").asText())
        .startsWith("**[WARNING] 1 anomaly: PPH/MAIN/IP2 · JUMP**")
        .contains("WARNING JUMP PPH/MAIN/CARDIOLOGY since 2026-11-20 10:00: 2.60 m3 in the hour against 2.00 usual",
            "excess 2.40 m3, about 9.84 CNY", "[Acknowledge](http://127.0.0.1:" + ackPort + "/ack?group=",
            "&to=ip2-engineers&exp=", "&sig=");
    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("[WattWard] [WARNING] 1 anomaly: PPH/MAIN/IP2 · JUMP");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ip2-engineers@hospital.test");
    assertThat(SMTP.getReceivedMessages().length).isEqualTo(3); // first, repeat, resolved

    // every attempt logged: the flaky webhook failed twice then went through, each time; the dead one gave
    // up after three attempts each time and held up nothing else
    Map<String, Long> sent = attempts("SENT");
    assertThat(sent).containsEntry("ip2-engineers wecom FIRING", 1L).containsEntry("ip2-engineers wecom REPEAT", 1L)
        .containsEntry("ip2-engineers wecom RESOLVED", 1L).containsEntry("ip2-engineers email FIRING", 1L)
        .containsEntry("ip2-engineers workorder FIRING", 1L).containsEntry("facility-manager webhook ESCALATION", 1L);
    assertThat(attempts("GAVE_UP")).containsEntry("ip2-engineers webhook FIRING", 1L);
    assertThat(clickhouse.open().createStatement().executeQuery("SELECT ticket_id FROM work_orders FINAL")).satisfies(rs -> {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("T-1000");
    });
    assertThat(service.rejected()).isEqualTo(2); // the two non-Avro records
  }

  /**
   * The same anomaly in Chinese, the notifier's default: the water jump's 2.40 m3 over the usual hour at
   * 4.10 CNY/m3 is 9.84 CNY; it started at 02:00 UTC, 10:00 in Shanghai.
   */
  @Test
  void chineseMessagesNameTheKindSeverityAndAmountsInChineseAndTheAcknowledgePageAnswersInChinese()
      throws Exception {
    int ackPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      ackPort = s.getLocalPort();
    }
    service = new NotifierService(config, NotifyConfig.parse(settings(ackPort, "zh-CN"),
        Map.of(NotifyConfig.ACK_SECRET_ENV, ACK_SECRET)), stateDir.resolve("notify.db"), null, System::currentTimeMillis);
    service.start();
    publish(anomaly("OPEN", "WARNING", 1));

    waitFor("the first message on the robots, by e-mail and as a ticket", () -> count("/wecom") == 1
        && count("/dingtalk") == 1 && count("/feishu") == 1 && count("/tickets") == 1
        && SMTP.getReceivedMessages().length == 1);
    String wecom = JSON.readTree(seen.get("/wecom").get(0)).path("markdown").path("content").asText();
    assertThat(wecom).startsWith("**【警告】1 条告警：PPH/MAIN/IP2 · 用量突变**")
        .contains("- 警告 用量突变 PPH/MAIN/CARDIOLOGY，2026年11月20日 10:00 起：",
            "起：用量 2.60 m³，负荷模型预计 2.00 m³（+30.0%）；超出 2.40 m³，约 9.84 元", "[确认收到](http://127.0.0.1:" + ackPort + "/ack?group=");
    JsonNode ding = JSON.readTree(seen.get("/dingtalk").get(0));
    assertThat(ding.path("markdown").path("title").asText()).isEqualTo("【警告】1 条告警：PPH/MAIN/IP2 · 用量突变");
    assertThat(JSON.readTree(seen.get("/feishu").get(0)).path("content").path("text").asText())
        .contains("超出 2.40 m³，约 9.84 元", "确认收到：http://127.0.0.1:" + ackPort + "/ack?group=");
    JsonNode ticket = JSON.readTree(seen.get("/tickets").get(0));
    assertThat(ticket.path("title").asText()).isEqualTo("警告 用量突变：PPH/MAIN/CARDIOLOGY");
    assertThat(ticket.path("category").asText()).as("machine fields keep their codes").isEqualTo("JUMP");

    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("【WattWard】【警告】1 条告警：PPH/MAIN/IP2 · 用量突变");
    String body = ((String) mail.getContent()).replace("\r\n", "\n");
    assertThat(body).doesNotContain("in the hour").contains("警告 用量突变 PPH/MAIN/CARDIOLOGY，2026年11月20日 10:00 起",
        "用量 2.60 m³，负荷模型预计 2.00 m³（+30.0%）",
        "超出 2.40 m³，约 9.84 元", "确认收到：http://127.0.0.1:" + ackPort + "/ack?group=");

    java.util.regex.Matcher link = java.util.regex.Pattern.compile("\\[确认收到]\\(([^)]+)\\)").matcher(wecom);
    assertThat(link.find()).isTrue();
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group(1)))
        .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html lang=\"zh-CN\">", "<h1>确认收到此告警？</h1>", "<dt>告警组</dt>",
        "<dt>发送给</dt><dd>ip2-engineers</dd>",
        "<dt>当前状态</dt><dd>PPH/MAIN/IP2 · 用量突变（发送给 ip2-engineers）：1 条告警未恢复，尚未确认</dd>",
        "链接有效期至 ", "（Asia/Shanghai）",
        "<button type=\"submit\">确认收到</button>");
  }
}
