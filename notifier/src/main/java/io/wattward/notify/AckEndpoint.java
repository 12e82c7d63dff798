package io.wattward.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ack}. A GET with a valid signed link ({@link AckLinks}) shows a confirmation page whose button
 * POSTs the same parameters; a GET never acknowledges, so a chat client's link preview or a mail scanner
 * that follows the link changes nothing. A POST with a valid, unexpired link acknowledges: who (the receiver
 * the link was sent to, and {@code by} if given) and when are stored before the answer. Anything else (no
 * signature, a wrong or expired one, a changed group, a parameter given twice) gets 403, and methods other
 * than GET and POST 405; they change nothing and each writes one log line.
 */
final class AckEndpoint implements Handler {

  /** The notifier's side: acknowledging durably, and saying what is open under a link. */
  interface Acknowledger {
    /** Acknowledges what the link names, stored before it returns; the keys of the groups acknowledged. */
    List<String> acknowledge(AckLinks.Link link, String who, String by, long nowMs);

    /** What is open under the link now, in a few words ("" if nothing). */
    String describe(AckLinks.Link link);
  }

  static final int MAX_BY_CHARS = 64;
  /** The largest form a POST may carry; the server refuses larger ones before they are read. */
  static final int MAX_BODY_BYTES = 8 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(AckEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AckLinks links;
  private final Acknowledger acknowledger;
  private final AckPage page;
  private final LongSupplier clock;

  AckEndpoint(AckLinks links, Acknowledger acknowledger, AckPage page, LongSupplier clock) {
    this.links = links;
    this.acknowledger = acknowledger;
    this.page = page;
    this.clock = clock;
  }

  /** A request refused before it could do anything: status, the reason logged, and what the client is told. */
  private static final class Refusal extends Exception {
    final int status;

    Refusal(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  /**
   * Every method of {@code /ack} and the paths below it come here, so that this, not the router, answers 404
   * and 405; the method is the request's own, never an {@code X-HTTP-Method-Override}, so a GET stays a GET.
   */
  @Override
  public void handle(Context x) throws IOException {
    String method = x.req().getMethod();
    try {
      if (!"/ack".equals(x.path())) {
        throw new Refusal(404, "no such path");
      }
      if (!"GET".equals(method) && !"POST".equals(method)) {
        x.header("Allow", "GET, POST");
        throw new Refusal(405, "method not allowed");
      }
      Map<String, String> params = params(x, method);
      AckLinks.Check check = links.check(params, clock.getAsLong());
      if (!check.valid()) {
        refuse(x, method, params, new Refusal(403, check.refusal()),
            page.refusal(check.expired() ? "expired" : "invalid"));
        return;
      }
      String by = by(params.get("by"));
      if ("GET".equals(method)) {
        confirm(x, check.link(), params, by);
      } else {
        acknowledge(x, check.link(), by);
      }
    } catch (Refusal r) {
      refuse(x, method, Map.of(), r, page.refusal(r.status == 405 ? "method" : "notALink"));
    }
  }

  private void confirm(Context x, AckLinks.Link link, Map<String, String> params, String by) {
    String state = acknowledger.describe(link);
    LOG.info("/ack page shown for {} {} sent to {} (from {}): {}", link.kind(), printable(link.target()),
        printable(link.receiver()), remote(x), state.isEmpty() ? "nothing open" : "open");
    html(x, 200, state.isEmpty() ? page.nothingOpen(link) : page.confirm(link, params, by, state));
  }

  private void acknowledge(Context x, AckLinks.Link link, String by) throws IOException {
    long now = clock.getAsLong();
    String who = by == null ? link.receiver() : by + " (" + link.receiver() + ")";
    List<String> groups;
    try {
      groups = acknowledger.acknowledge(link, who, by, now);
    } catch (RuntimeException e) {
      LOG.error("/ack: the acknowledgement of {} {} could not be stored: {}", link.kind(), printable(link.target()),
          e.toString());
      json(x, 503, JSON.createObjectNode().put("error", "the acknowledgement could not be stored"));
      return;
    }
    LOG.info("/ack: {} {} acknowledged by {} (from {}): {}", link.kind(), printable(link.target()), printable(who),
        remote(x), groups.isEmpty() ? "nothing open" : groups.size() + " group(s)");
    if (groups.isEmpty()) {
      if (wantsHtml(x)) {
        html(x, 404, page.nothingOpen(link));
      } else {
        json(x, 404, JSON.createObjectNode().put("error", "nothing open under this link"));
      }
      return;
    }
    if (wantsHtml(x)) {
      html(x, 200, page.acknowledged(link, who, now, acknowledger.describe(link)));
      return;
    }
    ObjectNode body = JSON.createObjectNode().put("acknowledged", true).put("receiver", link.receiver())
        .put("by", by == null ? link.receiver() : by).put("at", Instant.ofEpochMilli(now).toString());
    groups.forEach(body.putArray("groups")::add);
    json(x, 200, body);
  }

  private void refuse(Context x, String method, Map<String, String> params, Refusal r, String toClient)
      throws IOException {
    String what = params.containsKey(AckLinks.GROUP) ? "group " + printable(params.get(AckLinks.GROUP))
        : params.containsKey(AckLinks.ANOMALY) ? "anomaly " + printable(params.get(AckLinks.ANOMALY)) : "-";
    LOG.warn("/ack refused ({}): {} {} {} to {} from {}", r.getMessage(), r.status, printable(method), what,
        printable(params.getOrDefault("to", "-")), remote(x));
    if (wantsHtml(x) && r.status != 405) {
      html(x, r.status, page.refused(toClient));
    } else {
      json(x, r.status, JSON.createObjectNode().put("error", toClient));
    }
  }

  /**
   * The query's parameters, and for a POST also the form in its body, as the server decoded them. A name
   * given twice with different values is refused: what the signature was checked against must be what is
   * acknowledged.
   */
  private static Map<String, String> params(Context x, String method) throws Refusal, IOException {
    if ("POST".equals(method)) {
      if (x.req().getContentLengthLong() > MAX_BODY_BYTES) {
        throw new Refusal(403, "body too large");
      }
      String type = x.contentType();
      if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
        try (InputStream in = x.bodyInputStream()) {
          if (in.readNBytes(1).length > 0) {
            throw new Refusal(403, "body is not a form");
          }
        }
      }
    }
    Map<String, String[]> given;
    try {
      given = x.req().getParameterMap();
    } catch (BadMessageException e) { // a broken %-escape, or a form over MAX_BODY_BYTES sent without a length
      throw new Refusal(403, "malformed parameters");
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String[]> p : given.entrySet()) {
      if (Arrays.stream(p.getValue()).distinct().count() > 1) {
        throw new Refusal(403, "parameter " + printable(p.getKey()) + " given twice");
      }
      out.put(p.getKey(), p.getValue().length == 0 ? "" : p.getValue()[0]);
    }
    return out;
  }

  /** The name typed on the page: printable, at most {@link #MAX_BY_CHARS}; null if none. */
  static String by(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", " ").strip();
    s = s.length() > MAX_BY_CHARS ? s.substring(0, MAX_BY_CHARS) : s;
    return s.isEmpty() ? null : s;
  }

  private static boolean wantsHtml(Context x) {
    String accept = x.header("Accept");
    return accept != null && accept.contains("text/html");
  }

  private static String remote(Context x) {
    String address = x.req().getRemoteAddr();
    return address == null ? "?" : address;
  }

  /** For a log line: no line breaks or control characters from the request, and not too long. */
  static String printable(String s) {
    if (s == null) {
      return "-";
    }
    String p = s.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
    return p.length() > 200 ? p.substring(0, 200) + "..." : p;
  }

  private static void html(Context x, int status, String page) {
    x.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'");
    x.header("X-Frame-Options", "DENY");
    send(x, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  private static void json(Context x, int status, ObjectNode body) throws IOException {
    send(x, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
  }

  private static void send(Context x, int status, String contentType, byte[] body) {
    x.header("Cache-Control", "no-store");
    x.header("Referrer-Policy", "no-referrer");
    x.header("X-Content-Type-Options", "nosniff");
    x.contentType(contentType);
    x.status(status).result(body);
  }

}
