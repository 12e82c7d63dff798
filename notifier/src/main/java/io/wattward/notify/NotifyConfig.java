package io.wattward.notify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wattward.i18n.Language;
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
 * file (see README, "Notifications") in which any string may be an environment reference {@code ${NAME}}
 * (secrets stay out of the file); {@link #check} names every problem at once. {@code language}: what the
 * messages and the acknowledge pages are written in, {@code zh-CN} (when left out) or {@code en}.
 */
public record NotifyConfig(String zone, List<Receiver> receivers, List<Route> routes, Grouping grouping,
    QuietHours quietHours, List<Silence> silences, List<Inhibit> inhibit, Smtp smtp, Delivery delivery, Ack ack,
    State state, String language) {

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

  /**
   * The acknowledge endpoint: where it listens, the address messages link to, how long a link stays valid
   * ({@code linkValidFor}, default 7d) and the bearer token {@code /health} asks for ({@code healthToken},
   * none if unset). {@code secret} signs the links (see {@link AckLinks}); it is never read from the file,
   * only from {@value NotifyConfig#ACK_SECRET_ENV}, and is required once {@code listen} or {@code baseUrl}
   * is set.
   */
  public record Ack(String listen, String baseUrl, String linkValidFor, String healthToken, String secret) {

    /** Whether acknowledgements are in use: an endpoint to serve or links to put in messages. */
    public boolean configured() {
      return listen != null || baseUrl != null;
    }

    public Duration validFor() {
      Duration d = duration(linkValidFor);
      return d == null ? Duration.ofDays(7) : d;
    }

    @Override
    public String toString() { // secrets stay out of logs and exception messages
      return "Ack[listen=" + listen + ", baseUrl=" + baseUrl + ", linkValidFor=" + linkValidFor + ", healthToken="
          + (healthToken == null ? "none" : "(set)") + ", secret=" + (secret == null ? "none" : "(set)") + "]";
    }
  }

  /** The environment variable that holds the key acknowledge links are signed with. */
  public static final String ACK_SECRET_ENV = "WATTWARD_ACK_SECRET";
  /** Shorter keys are refused: the links are the only thing that stands between a guess and an acknowledgement. */
  static final int MIN_ACK_SECRET_CHARS = 32;

  /**
   * Where the notifier keeps its state (groups, outbox, Kafka positions, tickets): a SQLite file, by default
   * {@code .local/notify/<clickhouse database>.db}; a relative path is taken from WATTWARD_HOME (or the
   * working directory). One notifier per file.
   */
  public record State(String path) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Reads the settings with references resolved from this process's environment (see {@link #parse(String, Map)}). */
  public static NotifyConfig read(Path file) {
    return read(file, System.getenv());
  }

  public static NotifyConfig read(Path file, Map<String, String> env) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read notification settings " + file + ": " + e.getMessage(), e);
    }
    return parse(yaml, env);
  }

  public static NotifyConfig parse(String yaml) {
    return parse(yaml, System.getenv());
  }

  /**
   * Parses and checks the settings. Every {@code ${NAME}} in a string value is replaced from {@code env}
   * (see {@link EnvironmentReferences}); an unset one is named with its setting. When acknowledgements are
   * configured, {@code ack.secret} is taken from {@value #ACK_SECRET_ENV} in {@code env} (never from the file).
   */
  public static NotifyConfig parse(String yaml, Map<String, String> env) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("notification settings are not valid: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("notification settings are not valid: not a YAML mapping");
    }
    List<String> problems = new ArrayList<>();
    EnvironmentReferences.resolve(tree, env, problems);
    if (tree.get("ack") instanceof ObjectNode ack) {
      if (ack.has("secret")) {
        problems.add("ack.secret: the acknowledge secret is not read from this file; set the environment variable "
            + ACK_SECRET_ENV);
      } else if (ack.hasNonNull("listen") || ack.hasNonNull("baseUrl")) {
        String secret = env.get(ACK_SECRET_ENV);
        if (secret == null || secret.isBlank()) {
          problems.add("ack: acknowledge links are signed with the environment variable " + ACK_SECRET_ENV
              + ", which is not set (e.g. " + ACK_SECRET_ENV + "=$(openssl rand -base64 32))");
        } else if (secret.length() < MIN_ACK_SECRET_CHARS) {
          problems.add("ack: " + ACK_SECRET_ENV + " is too short to sign with (" + secret.length()
              + " characters, at least " + MIN_ACK_SECRET_CHARS + "; e.g. $(openssl rand -base64 32))");
        } else {
          ack.put("secret", secret);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("notification settings:\n  " + String.join("\n  ", problems));
    }
    NotifyConfig c;
    try {
      c = YAML.treeToValue(tree, NotifyConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("notification settings are not valid: " + e.getMessage(), e);
    }
    c.check();
    return c;
  }

  public ZoneId zoneId() {
    return ZoneId.of(zone == null ? "Asia/Shanghai" : zone);
  }

  /** The language of the messages and acknowledge pages: {@code language}, Chinese when it is left out. */
  public Language messageLanguage() {
    return language == null ? Language.ZH_CN : Language.of(language, "language");
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
      messageLanguage();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
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
    if (ack != null) {
      if (ack.listen() != null && !ack.listen().matches("[^:\\s]+:\\d{1,5}")) {
        problems.add("ack.listen: '" + ack.listen() + "' is not host:port");
      }
      if (ack.baseUrl() != null && !ack.baseUrl().matches("https?://\\S+")) {
        problems.add("ack.baseUrl: '" + ack.baseUrl() + "' is not an http(s) address");
      }
      try {
        if (ack.validFor().isNegative() || ack.validFor().isZero()) {
          problems.add("ack.linkValidFor: must be longer than nothing");
        }
      } catch (RuntimeException e) {
        problems.add("ack.linkValidFor: " + e.getMessage());
      }
      if (ack.healthToken() != null && ack.healthToken().isBlank()) {
        problems.add("ack.healthToken: empty (leave it out for an open /health)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("notification settings:\n  " + String.join("\n  ", problems));
    }
  }
}
