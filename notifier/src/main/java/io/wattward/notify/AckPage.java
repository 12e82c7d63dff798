package io.wattward.notify;

import io.wattward.i18n.Language;
import io.wattward.i18n.Phrases;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The acknowledge endpoint's pages, small enough to read on a phone: the confirmation a valid link shows
 * (with the button that POSTs the same signed parameters), the answer to the POST, and the refusal. Every
 * value that comes from the request or the anomalies is HTML-escaped; the pages load nothing and run no
 * script (the endpoint sends a Content-Security-Policy that forbids both). They are in the notifier's language.
 */
final class AckPage {

  /** The parameters the signature covers, in the order the form repeats them. */
  static final List<String> SIGNED = List.of(AckLinks.GROUP, AckLinks.ANOMALY, "opened", "to", "exp", "sig");

  private final ZoneId zone;
  private final Language language;
  private final Phrases text;
  private final MessageText times;

  AckPage(ZoneId zone, Language language) {
    this.zone = zone;
    this.language = language;
    this.text = MessageText.phrases(language);
    this.times = new MessageText(zone, language);
  }

  /** What the client is told when a link is refused ({@code refused.*} of the notifier's sentences). */
  String refusal(String why) {
    return text.get("refused." + why);
  }

  /** Asks before acknowledging; {@code state} says what is open under the link now. */
  String confirm(AckLinks.Link link, Map<String, String> params, String by, String state) {
    StringBuilder b = head(text.get("page.confirm"));
    facts(b, link, state);
    b.append("<p>").append(escape(text.get("page.validUntil", at(link.expiresAtMs())))).append("</p>\n");
    // relative: the page is <baseUrl>/ack, so this stays right behind a proxy that adds a path prefix
    b.append("<form method=\"post\" action=\"ack\">\n");
    for (String name : SIGNED) {
      String value = params.get(name);
      if (value != null) {
        b.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(escape(value))
            .append("\">\n");
      }
    }
    b.append("<label for=\"by\">").append(escape(text.get("page.name"))).append("</label>\n")
        .append("<input id=\"by\" name=\"by\" maxlength=\"").append(AckEndpoint.MAX_BY_CHARS)
        .append("\" autocomplete=\"name\" value=\"").append(escape(by == null ? "" : by)).append("\">\n")
        .append("<button type=\"submit\">").append(escape(text.get("page.button"))).append("</button>\n</form>\n")
        .append("<p class=\"note\">").append(escape(text.get("page.note"))).append("</p>\n");
    return tail(b);
  }

  /** The answer to an acknowledging POST. */
  String acknowledged(AckLinks.Link link, String who, long atMs, String state) {
    StringBuilder b = head(text.get("page.acknowledged"));
    facts(b, link, state);
    b.append("<p>").append(escape(text.get("page.recorded", who, at(atMs)))).append("</p>\n");
    return tail(b);
  }

  /** A valid link under which nothing is open (resolved, or a newer alert of the same kind has its own link). */
  String nothingOpen(AckLinks.Link link) {
    StringBuilder b = head(text.get("page.nothing"));
    facts(b, link, text.get("page.nothingOpen"));
    return tail(b);
  }

  String refused(String why) {
    return tail(head(text.get("page.refused")).append("<p>").append(escape(why)).append("</p>\n"));
  }

  private void facts(StringBuilder b, AckLinks.Link link, String state) {
    b.append("<dl>\n<dt>").append(escape(text.get(link.group() ? "page.group" : "page.anomaly"))).append("</dt><dd>")
        .append(escape(link.target())).append("</dd>\n<dt>").append(escape(text.get("page.sentTo"))).append("</dt><dd>")
        .append(escape(link.receiver())).append("</dd>\n<dt>").append(escape(text.get("page.now")))
        .append("</dt><dd>").append(escape(state)).append("</dd>\n</dl>\n");
  }

  private StringBuilder head(String title) {
    return new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(language.tag())
        .append("\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
        .append("<title>").append(escape(title)).append(" - WattWard</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em;max-width:34em;line-height:1.4}")
        .append("dt{font-weight:bold;margin-top:.6em}dd{margin:0;overflow-wrap:anywhere}")
        .append("label{display:block;margin-top:1em}")
        .append("input{font-size:1.1em;width:100%;padding:.5em;box-sizing:border-box}")
        .append("button{font-size:1.2em;width:100%;padding:.8em;margin-top:1em}.note{color:#555}")
        .append("</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
  }

  private static String tail(StringBuilder b) {
    return b.append("</body></html>\n").toString();
  }

  private String at(long ms) {
    return text.get("page.time", times.at(Instant.ofEpochMilli(ms)), zone.getId());
  }

  /** Text for HTML element content and double- or single-quoted attribute values. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
