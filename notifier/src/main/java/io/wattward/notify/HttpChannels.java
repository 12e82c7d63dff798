package io.wattward.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wattward.schema.Anomaly;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HTTP channels: the group robots of WeCom, DingTalk (signed) and Feishu (signed), a generic JSON
 * webhook, and the hospital's repair system (a ticket per anomaly). Each checks the robot's own answer
 * ({@code errcode} / {@code code} 0), not only the HTTP status.
 */
public final class HttpChannels {

  static final ObjectMapper JSON = new ObjectMapper();

  private HttpChannels() {}

  /** The channel for {@code c}; a work-order channel keeps its tickets in {@code tickets}. */
  public static Channel of(NotifyConfig.Channel c, MessageText text, HttpClient http, Duration timeout,
      LongSupplier clock, TicketBook tickets) {
    return switch (c.type()) {
      case "wecom" -> new Robot("wecom", c, http, timeout, n -> {
        ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
        body.putObject("markdown").put("content", text.markdown(n));
        return body;
      }, url -> url, "errcode");
      case "dingtalk" -> new Robot("dingtalk", c, http, timeout, n -> {
        ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
        body.putObject("markdown").put("title", text.title(n)).put("text", text.markdown(n));
        return body;
      }, url -> c.secret() == null ? url : dingTalkSigned(url, c.secret(), clock.getAsLong()), "errcode");
      case "feishu" -> new Robot("feishu", c, http, timeout, n -> {
        ObjectNode body = JSON.createObjectNode();
        if (c.secret() != null) {
          long seconds = clock.getAsLong() / 1000;
          body.put("timestamp", String.valueOf(seconds)).put("sign", feishuSign(seconds, c.secret()));
        }
        body.put("msg_type", "text").putObject("content").put("text", text.plain(n));
        return body;
      }, url -> url, "code");
      case "webhook" -> new Robot("webhook", c, http, timeout, HttpChannels::webhookBody, url -> url, null);
      case "workorder" -> new WorkOrders(c, http, timeout, text, tickets);
      default -> throw new IllegalArgumentException("not an HTTP channel: " + c.type());
    };
  }

  /** DingTalk's signature: the URL plus timestamp (ms) and Base64(HmacSHA256(secret, timestamp + "\n" + secret)), URL-encoded. */
  public static String dingTalkSigned(String url, String secret, long timestampMs) {
    String sign = hmacBase64(secret.getBytes(StandardCharsets.UTF_8),
        (timestampMs + "\n" + secret).getBytes(StandardCharsets.UTF_8));
    return url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestampMs + "&sign="
        + URLEncoder.encode(sign, StandardCharsets.UTF_8);
  }

  /** Feishu's signature: Base64(HmacSHA256 keyed with timestamp (s) + "\n" + secret, over nothing). */
  public static String feishuSign(long timestampSeconds, String secret) {
    return hmacBase64((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  static String hmacBase64(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data));
    } catch (Exception e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static ObjectNode anomaly(Anomaly a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("anomalyId", a.getAnomalyId()).put("kind", a.getKind()).put("status", a.getStatus())
        .put("severity", a.getSeverity()).put("level", a.getLevel()).put("nodeId", a.getNodeId())
        .put("building", a.getBuilding()).put("energyType", a.getEnergyType()).put("subject", a.getSubject())
        .put("startedAt", a.getStartedAt().toString())
        .put("endedAt", a.getEndedAt() == null ? null : a.getEndedAt().toString())
        .put("expected", a.getExpected()).put("actual", a.getActual()).put("peakDeviationPct", a.getPeakDeviationPct())
        .put("excessEnergy", a.getExcessEnergy()).put("unit", a.getUnit()).put("excessCost", a.getExcessCost())
        .put("detail", a.getDetail()).put("version", a.getVersion());
    return o;
  }

  static ObjectNode webhookBody(Notification n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", n.id()).put("receiver", n.receiver()).put("groupKey", n.groupKey()).put("reason", n.reason())
        .put("severity", n.severity()).put("ackUrl", n.ackUrl());
    ObjectNode labels = body.putObject("labels");
    n.labels().forEach(labels::put);
    ArrayNode firing = body.putArray("firing");
    n.firing().forEach(a -> firing.add(anomaly(a)));
    ArrayNode resolved = body.putArray("resolved");
    n.resolved().forEach(a -> resolved.add(anomaly(a)));
    return body;
  }

  interface Body {
    ObjectNode of(Notification n);
  }

  interface Url {
    String of(String url);
  }

  static HttpResponse<String> post(HttpClient http, String url, Map<String, String> headers, JsonNode body,
      Duration timeout) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
    if (headers != null) {
      headers.forEach(b::header);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
    }
    return r;
  }

  static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /** A robot or webhook: one POST per message; {@code codeField} in the answer must be 0 when given. */
  private record Robot(String name, NotifyConfig.Channel c, HttpClient http, Duration timeout, Body body, Url url,
      String codeField) implements Channel {
    @Override
    public String send(Notification n) throws Exception {
      HttpResponse<String> r = post(http, url.of(c.url()), c.headers(), body.of(n), timeout);
      if (codeField != null) {
        JsonNode answer = JSON.readTree(r.body());
        JsonNode code = answer.get(codeField);
        if (code == null && "code".equals(codeField)) {
          code = answer.get("StatusCode");
        }
        if (code == null || code.asInt(-1) != 0) {
          throw new IllegalStateException(name + " refused the message: " + abbreviate(r.body()));
        }
      }
      return "HTTP " + r.statusCode();
    }
  }

  /**
   * The repair system: one ticket per firing anomaly (never two for the same anomaly, also across
   * repeats, escalations and restarts); the ticket's id is read from the answer's {@code ticketIdField}
   * and recorded at once, so a message with several anomalies that fails half-way opens only the
   * missing tickets when retried.
   */
  static final class WorkOrders implements Channel {
    private final NotifyConfig.Channel c;
    private final HttpClient http;
    private final Duration timeout;
    private final MessageText text;
    private final TicketBook tickets;

    WorkOrders(NotifyConfig.Channel c, HttpClient http, Duration timeout, MessageText text, TicketBook tickets) {
      this.c = c;
      this.http = http;
      this.timeout = timeout;
      this.text = text;
      this.tickets = tickets;
    }

    @Override
    public String name() {
      return "workorder";
    }

    @Override
    public String send(Notification n) throws Exception {
      List<String> opened = new java.util.ArrayList<>();
      for (Anomaly a : n.firing()) {
        if (tickets.ticket(a.getAnomalyId()) != null) {
          continue;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("title", text.ticketTitle(a))
            .put("description", text.line(a, false)).put("location", a.getNodeId()).put("building", a.getBuilding())
            .put("priority", a.getSeverity()).put("category", a.getKind()).put("anomalyId", a.getAnomalyId())
            .put("acknowledgeUrl", n.ackUrl());
        HttpResponse<String> r = post(http, c.url(), c.headers(), body, timeout);
        JsonNode id = JSON.readTree(r.body()).get(c.ticketIdField() == null ? "id" : c.ticketIdField());
        if (id == null || id.asText().isEmpty()) {
          throw new IllegalStateException("the repair system answered without a ticket id: " + abbreviate(r.body()));
        }
        tickets.opened(a.getAnomalyId(), id.asText());
        opened.add(a.getAnomalyId() + "=" + id.asText());
      }
      return opened.isEmpty() ? "no new tickets" : "tickets " + String.join(", ", opened);
    }
  }
}
