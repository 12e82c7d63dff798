package io.wattward.notify;

import io.wattward.schema.Anomaly;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The words of a message: a title and a body, as Markdown (robots) or plain text (e-mail, Feishu). */
public final class MessageText {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private final ZoneId zone;

  public MessageText(ZoneId zone) {
    this.zone = zone;
  }

  public String title(Notification n) {
    String what = switch (n.reason()) {
      case "REPEAT" -> "still firing";
      case "ESCALATION" -> "not acknowledged, escalated";
      case "RESOLVED" -> "resolved";
      default -> n.firing().size() == 1 ? "anomaly" : "anomalies";
    };
    String group = String.join(" · ", n.labels().values());
    int count = n.firing().isEmpty() ? n.resolved().size() : n.firing().size();
    return "[" + (n.firing().isEmpty() ? "RESOLVED" : n.severity()) + "] " + count + " " + what + ": " + group;
  }

  public String markdown(Notification n) {
    StringBuilder b = new StringBuilder("**").append(title(n)).append("**\n");
    for (Anomaly a : n.firing()) {
      b.append("\n- ").append(line(a, false));
    }
    if (!n.resolved().isEmpty()) {
      b.append(n.firing().isEmpty() ? "\nResolved:" : "\n\nResolved:");
      for (Anomaly a : n.resolved()) {
        b.append("\n- ").append(line(a, true));
      }
    }
    if (!n.ackUrl().isEmpty() && !n.firing().isEmpty()) {
      b.append("\n\n[Acknowledge](").append(n.ackUrl()).append(")");
    }
    return b.toString();
  }

  public String plain(Notification n) {
    StringBuilder b = new StringBuilder(title(n)).append("\n");
    for (Anomaly a : n.firing()) {
      b.append("\n* ").append(line(a, false));
    }
    if (!n.resolved().isEmpty()) {
      b.append(n.firing().isEmpty() ? "\nResolved:" : "\n\nResolved:");
      for (Anomaly a : n.resolved()) {
        b.append("\n* ").append(line(a, true));
      }
    }
    if (!n.ackUrl().isEmpty() && !n.firing().isEmpty()) {
      b.append("\n\nAcknowledge: ").append(n.ackUrl());
    }
    return b.append("\n").toString();
  }

  String line(Anomaly a, boolean resolved) {
    StringBuilder b = new StringBuilder();
    b.append(a.getSeverity()).append(' ').append(a.getKind()).append(' ').append(a.getNodeId());
    if (!a.getSubject().isEmpty() && !a.getSubject().equals(a.getNodeId())) {
      b.append(" (").append(a.getSubject()).append(')');
    }
    b.append(resolved ? " from " : " since ").append(at(a.getStartedAt()));
    if (resolved && a.getEndedAt() != null) {
      b.append(" to ").append(at(a.getEndedAt()));
    }
    if (!a.getDetail().isEmpty()) {
      b.append(": ").append(a.getDetail());
    }
    if (a.getExcessEnergy() > 0) {
      b.append(String.format("; excess %.2f %s, about %.2f CNY", a.getExcessEnergy(), a.getUnit(), a.getExcessCost()));
    }
    return b.toString();
  }

  private String at(Instant t) {
    return TIME.format(t.atZone(zone));
  }
}
