package io.wattward.notify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who hears about what, and how: receivers (with their channels and escalation), routes from anomalies
 * to receivers, grouping and repeat timing, quiet hours, silences and inhibition rules. Read from a YAML
 * file (see README, "Notifications"); {@link #check} names every problem at once.
 */
public record NotifyConfig(String zone, List<Receiver> receivers, List<Route> routes, Grouping grouping,
    QuietHours quietHours, List<Silence> silences, List<Inhibit> inhibit, Smtp smtp, Delivery delivery, Ack ack,
    State state) {

  /** A person or team: where messages go, and whom to escalate to when nobody acknowledges. */
  public record Receiver(String name, List<Channel> channels, String escalateAfter, String escalateTo) {}

  /**
   * One channel: {@code wecom}, {@code dingtalk}, {@code feishu} (group robots; {@code secret} signs
   * DingTalk and Feishu requests), {@code webhook} (generic JSON), {@code email} ({@code to}),
   * {@code workorder} (opens a ticket per anomaly at {@code url}, reads its id from {@code ticketIdField}).
   */
  public record Channel(String type, String url, String secret, List<String> to, Map<String, String> headers,
      String ticketIdField) {}

  /** Which anomalies go to a receiver: every given condition must hold; the first matching route wins unless {@code continueMatching}. */
  public record Route(Match match, String receiver, Boolean continueMatching) {}

  public record Match(String nodePrefix, String building, List<String> levels, List<String> kinds,
      List<String> energyTypes, String minSeverity) {}

  /** Alertmanager's timing: wait before the first message of a group, between changes, and between repeats. */
  public record Grouping(List<String> by, String groupWait, String groupInterval, String repeatInterval) {}

  /** Between {@code from} and {@code to} (local), messages below {@code minSeverity} wait until the end. */
  public record QuietHours(String from, String to, String minSeverity) {}

  /** No messages for matching anomalies until {@code until} (ISO instant or local date-time in the zone). */
  public record Silence(Match match, String until, String comment) {}

  /** While a {@code sourceKind} anomaly is active, {@code targetKinds} anomalies with equal labels are not sent. */
  public record Inhibit(String sourceKind, List<String> targetKinds, List<String> equal) {}

  public record Smtp(String host, int port, String from, String user, Boolean startTls) {}

  /** Retries of a failing channel: attempts, first backoff, doubled each time. */
  public record Delivery(int maxAttempts, String backoff, String timeout) {}

  /** The acknowledge endpoint: where it listens, and the address messages link to. */
  public record Ack(String listen, String baseUrl) {}

  /**
   * Where the notifier keeps its state (groups, outbox, Kafka positions, tickets): a SQLite file, by default
   * {@code .local/notify/<clickhouse database>.db}; a relative path is taken from WATTWARD_HOME (or the
   * working directory). One notifier per file.
   */
  public record State(String path) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static NotifyConfig read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read notification settings " + file + ": " + e.getMessage(), e);
    }
  }

  public static NotifyConfig parse(String yaml) {
    NotifyConfig c;
    try {
      c = YAML.readValue(yaml, NotifyConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("notification settings are not valid: " + e.getMessage(), e);
    }
    c.check();
    return c;
  }

  public ZoneId zoneId() {
    return ZoneId.of(zone == null ? "Asia/Shanghai" : zone);
  }

  public Receiver receiver(String name) {
    return receivers.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
  }

  /** "30s", "5m", "4h", "1d" or an ISO-8601 duration. */
  public static Duration duration(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      return Duration.parse(t);
    }
    long n = Long.parseLong(t.substring(0, t.length() - (t.endsWith("ms") ? 2 : 1)));
    if (t.endsWith("ms")) {
      return Duration.ofMillis(n);
    }
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }

  private void check() {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    if (receivers == null || receivers.isEmpty()) {
      problems.add("no receivers");
    } else {
      for (Receiver r : receivers) {
        if (r.name() == null || !names.add(r.name())) {
          problems.add("receiver name missing or used twice: " + r.name());
        }
        if (r.channels() == null || r.channels().isEmpty()) {
          problems.add("receiver " + r.name() + " has no channels");
        } else {
          for (Channel ch : r.channels()) {
            String type = ch.type() == null ? "" : ch.type();
            switch (type) {
              case "wecom", "dingtalk", "feishu", "webhook", "workorder" -> {
                if (ch.url() == null || ch.url().isBlank()) {
                  problems.add("receiver " + r.name() + ": channel " + type + " needs a url");
                }
              }
              case "email" -> {
                if (ch.to() == null || ch.to().isEmpty()) {
                  problems.add("receiver " + r.name() + ": channel email needs 'to' addresses");
                }
                if (smtp == null || smtp.host() == null) {
                  problems.add("receiver " + r.name() + ": an email channel needs the smtp section");
                }
              }
              default -> problems.add("receiver " + r.name() + ": unknown channel type '" + type
                  + "' (wecom, dingtalk, feishu, webhook, email, workorder)");
            }
          }
        }
        try {
          duration(r.escalateAfter());
        } catch (RuntimeException e) {
          problems.add("receiver " + r.name() + ": escalateAfter " + e.getMessage());
        }
      }
      for (Receiver r : receivers) {
        if (r.escalateTo() != null && !names.contains(r.escalateTo())) {
          problems.add("receiver " + r.name() + " escalates to unknown receiver " + r.escalateTo());
        }
      }
    }
    if (routes == null || routes.isEmpty()) {
      problems.add("no routes");
    } else {
      for (Route route : routes) {
        if (!names.contains(route.receiver())) {
          problems.add("a route sends to unknown receiver " + route.receiver());
        }
      }
    }
    List<String> labels = List.of("building", "kind", "node", "nodeId", "level", "energyType", "severity", "subject");
    if (grouping != null && grouping.by() != null) {
      grouping.by().stream().filter(l -> !labels.contains(l))
          .forEach(l -> problems.add("grouping.by: unknown label '" + l + "' (" + String.join(", ", labels) + ")"));
    }
    if (inhibit != null) {
      for (Inhibit i : inhibit) {
        if (i.sourceKind() == null || i.targetKinds() == null || i.equal() == null) {
          problems.add("inhibit rules need sourceKind, targetKinds and equal");
        } else {
          i.equal().stream().filter(l -> !labels.contains(l))
              .forEach(l -> problems.add("inhibit.equal: unknown label '" + l + "'"));
        }
      }
    }
    try {
      zoneId();
      if (grouping != null) {
        duration(grouping.groupWait());
        duration(grouping.groupInterval());
        duration(grouping.repeatInterval());
      }
      if (quietHours != null) {
        LocalTime.parse(quietHours.from());
        LocalTime.parse(quietHours.to());
      }
    } catch (RuntimeException e) {
      problems.add("timing: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("notification settings:\n  " + String.join("\n  ", problems));
    }
  }
}
