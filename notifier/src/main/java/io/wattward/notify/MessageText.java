package io.wattward.notify;

import io.wattward.i18n.Language;
import io.wattward.i18n.AnomalyDetail;
import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
import io.wattward.schema.Anomaly;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of a message: a title and a body, as Markdown (robots) or plain text (e-mail, Feishu), in
 * the notifier's language ({@code wattward/notify/text*.properties} for the sentences, {@link Terms}
 * for kinds, severities, energy types and units). The detail of an anomaly is the detector's own text
 * in English; in Chinese it is composed from the anomaly's fields (see {@link #detail}).
 */
public final class MessageText {

  private final ZoneId zone;
  private final Terms terms;
  private final Phrases text;
  private final AnomalyDetail details;

  public MessageText(ZoneId zone, Language language) {
    this.zone = zone;
    this.terms = Terms.of(language);
    this.text = phrases(language);
    this.details = new AnomalyDetail(language);
  }

  /** The notifier's sentences in {@code language}: messages, the acknowledge pages. */
  static Phrases phrases(Language language) {
    return new Phrases(language, "wattward/notify/text");
  }

  public String title(Notification n) {
    String what = switch (n.reason()) {
      case "REPEAT", "ESCALATION", "RESOLVED" -> text.get("what." + n.reason());
      default -> text.get(n.firing().size() == 1 ? "what.one" : "what.many");
    };
    int count = n.firing().isEmpty() ? n.resolved().size() : n.firing().size();
    return text.get("title", n.firing().isEmpty() ? terms.status("RESOLVED") : terms.severity(n.severity()),
        String.valueOf(count), what, group(n.labels()));
  }

  public String markdown(Notification n) {
    StringBuilder b = new StringBuilder("**").append(title(n)).append("**\n");
    body(b, n, "- ");
    if (!n.ackUrl().isEmpty() && !n.firing().isEmpty()) {
      b.append("\n\n[").append(text.get("ack.link")).append("](").append(n.ackUrl()).append(")");
    }
    return b.toString();
  }

  public String plain(Notification n) {
    StringBuilder b = new StringBuilder(title(n)).append("\n");
    body(b, n, "* ");
    if (!n.ackUrl().isEmpty() && !n.firing().isEmpty()) {
      b.append("\n\n").append(text.get("ack.plain", n.ackUrl()));
    }
    return b.append("\n").toString();
  }

  /** The subject of an e-mail. */
  String subject(Notification n) {
    return text.get("email.subject", title(n));
  }

  /** The title of a repair-system ticket about one anomaly. */
  String ticketTitle(Anomaly a) {
    return text.get("ticket.title", terms.severity(a.getSeverity()), terms.anomalyKind(a.getKind()), a.getNodeId());
  }

  private void body(StringBuilder b, Notification n, String bullet) {
    for (Anomaly a : n.firing()) {
      b.append("\n").append(bullet).append(line(a, false));
    }
    if (!n.resolved().isEmpty()) {
      b.append(n.firing().isEmpty() ? "\n" : "\n\n").append(text.get("resolved"));
      for (Anomaly a : n.resolved()) {
        b.append("\n").append(bullet).append(line(a, true));
      }
    }
  }

  String line(Anomaly a, boolean resolved) {
    StringBuilder b = new StringBuilder();
    b.append(terms.severity(a.getSeverity())).append(' ').append(terms.anomalyKind(a.getKind())).append(' ')
        .append(a.getNodeId());
    if (!a.getSubject().isEmpty() && !a.getSubject().equals(a.getNodeId())) {
      b.append(text.get("subject", a.getSubject()));
    }
    if (resolved && a.getEndedAt() != null) {
      b.append(text.get("fromTo", at(a.getStartedAt()), at(a.getEndedAt())));
    } else {
      b.append(text.get(resolved ? "from" : "since", at(a.getStartedAt())));
    }
    if (!a.getDetail().isEmpty()) {
      b.append(text.get("detail", detail(a)));
    }
    if (a.getExcessEnergy() > 0) {
      b.append(text.get("excess", amount(a.getExcessEnergy()), terms.unit(a.getUnit()), amount(a.getExcessCost()),
          terms.currency()));
    }
    return b.toString();
  }

  /**
   * What the anomaly is about, in one sentence: in English the detector's own text; in Chinese the same
   * facts composed from the anomaly's fields ({@link AnomalyDetail}, which the web cockpit uses too).
   */
  String detail(Anomaly a) {
    return details.of(new AnomalyDetail.Fields(a.getKind(), a.getSubject(), a.getSeverity(), a.getUnit(),
        a.getExpected(), a.getActual(), a.getPeakDeviationPct(), a.getDetail()));
  }

  private static String amount(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** The group's labels as readers know them: a kind, energy type or severity in their words. */
  String group(Map<String, String> labels) {
    List<String> shown = labels.entrySet().stream().map(e -> switch (e.getKey()) {
      case "kind" -> terms.anomalyKind(e.getValue());
      case "energyType" -> terms.energyType(e.getValue());
      case "severity" -> terms.severity(e.getValue());
      default -> e.getValue();
    }).toList();
    return String.join(" · ", shown);
  }

  /** A time in the notifier's zone: 2026-11-20 10:00, 2026年11月20日 10:00. */
  String at(Instant t) {
    LocalDateTime local = LocalDateTime.ofInstant(t, zone);
    return text.get("time", terms.date(local.toLocalDate()),
        String.format(Locale.ROOT, "%02d:%02d", local.getHour(), local.getMinute()));
  }
}
