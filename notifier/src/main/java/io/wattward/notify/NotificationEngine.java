package io.wattward.notify;

import io.wattward.i18n.Phrases;
import io.wattward.schema.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides who is told what and when, with Alertmanager's semantics plus acknowledgement and escalation.
 * Pure and single-threaded, driven by an explicit clock: {@link #onAnomaly} takes each state of an
 * anomaly (older versions and repeats are ignored), {@link #due} returns the messages due at a time, each
 * with the acknowledge link {@link Links} makes for it.
 *
 * <ul>
 *   <li>Routes pick receivers; anomalies of a receiver are grouped by the configured labels.
 *   <li>A new group waits {@code groupWait} (so a burst becomes one message), changes wait
 *       {@code groupInterval} after the last message, and a group that keeps firing unchanged is repeated
 *       every {@code repeatInterval} until acknowledged. Resolved anomalies are reported once, in the
 *       group's next message; one that resolves before its first message is never sent.
 *   <li>Silences drop matching anomalies until their end (those of the configuration, and those an operator
 *       set on one anomaly in the web cockpit, {@link #anomalySilences}); inhibition holds back target kinds
 *       while a source kind with equal labels is active (an offline meter's building: its jumps are not news);
 *       quiet hours hold messages below a severity until they end.
 *   <li>A firing group not acknowledged within the receiver's {@code escalateAfter} is sent to its
 *       {@code escalateTo} receiver (and on up that receiver's chain).
 * </ul>
 *
 * <p>Its whole state can be taken out as an {@link EngineSnapshot} and put back with {@link #restore}:
 * the notifier stores it after every decision and restores it on start.
 */
public final class NotificationEngine {

  private final NotifyConfig config;
  private final ZoneId zone;
  /** The words of {@link #describe}, which the acknowledge pages show. */
  private final MessageText words;
  private final Phrases text;
  private final long groupWait;
  private final long groupInterval;
  private final long repeatInterval;
  private final Map<String, Anomaly> latest = new HashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  /** Silences of single anomalies set in the web cockpit: anomaly id -> end (epoch ms). */
  private Map<String, Long> anomalySilences = Map.of();
  private long sequence;

  private static final class Group {
    final String key;
    final String receiver;
    final Map<String, String> labels;
    final Set<String> firing = new LinkedHashSet<>();
    final Set<String> notified = new LinkedHashSet<>();
    final Set<String> resolved = new LinkedHashSet<>();
    final long createdAt;
    long lastSent = -1;
    boolean changed;
    long nextDue;
    String ackedBy;
    String escalatedTo;
    long escalateAt = -1;

    Group(String key, String receiver, Map<String, String> labels, long createdAt) {
      this.key = key;
      this.receiver = receiver;
      this.labels = labels;
      this.createdAt = createdAt;
    }
  }

  public NotificationEngine(NotifyConfig config) {
    this.config = config;
    this.zone = config.zoneId();
    this.words = new MessageText(zone, config.messageLanguage());
    this.text = MessageText.phrases(config.messageLanguage());
    NotifyConfig.Grouping g = config.grouping();
    this.groupWait = millis(g == null ? null : g.groupWait(), 30_000);
    this.groupInterval = millis(g == null ? null : g.groupInterval(), 300_000);
    this.repeatInterval = millis(g == null ? null : g.repeatInterval(), 4 * 3_600_000L);
  }

  private static long millis(String text, long fallback) {
    Duration d = NotifyConfig.duration(text);
    return d == null ? fallback : d.toMillis();
  }

  /** Takes one state of an anomaly. Returns false if it was a repeat or an older version. */
  public boolean onAnomaly(Anomaly a, long now) {
    Anomaly before = latest.get(a.getAnomalyId());
    if (before != null && before.getVersion() >= a.getVersion()) {
      return false;
    }
    latest.put(a.getAnomalyId(), a);
    boolean resolved = "RESOLVED".equals(a.getStatus());
    if (!resolved && silenced(a, now)) {
      return true;
    }
    for (String receiver : receivers(a)) {
      Map<String, String> labels = labels(a, receiver);
      String key = receiver + labels.values().stream().map(v -> "|" + v).reduce("", String::concat);
      Group g = groups.get(key);
      if (g == null) {
        if (resolved) {
          continue;
        }
        g = new Group(key, receiver, labels, now);
        g.nextDue = now + groupWait;
        groups.put(key, g);
      }
      if (resolved) {
        if (g.firing.remove(a.getAnomalyId())) {
          if (g.notified.remove(a.getAnomalyId())) {
            g.resolved.add(a.getAnomalyId());
            g.changed = true;
          }
        }
      } else {
        boolean isNew = g.firing.add(a.getAnomalyId());
        boolean worse = before != null && Notification.rank(a.getSeverity()) > Notification.rank(before.getSeverity());
        if (isNew || worse) {
          g.changed = true;
          if (worse) {
            g.ackedBy = null; // a worse state needs a new acknowledgement
          }
        }
      }
      if (g.changed && g.lastSent >= 0) {
        g.nextDue = Math.max(now, g.lastSent + groupInterval);
      }
    }
    return true;
  }

  /** Makes the acknowledge link of a message: to a group (its key and the time it opened) for a receiver. */
  @FunctionalInterface
  public interface Links {
    /** No links (acknowledgements not configured). */
    Links NONE = (groupKey, openedAtMs, receiver, atMs) -> "";

    String forGroup(String groupKey, long openedAtMs, String receiver, long atMs);
  }

  /** Acknowledges a group (by its key) or every group holding an anomaly (by its id). */
  public boolean acknowledge(String groupOrAnomaly, String by) {
    boolean any = false;
    for (Group g : groups.values()) {
      if (g.key.equals(groupOrAnomaly) || g.firing.contains(groupOrAnomaly)) {
        acknowledge(g, by);
        any = true;
      }
    }
    return any;
  }

  /**
   * Acknowledges the group with this key if it is the one that opened at {@code openedAtMs} (a link to an
   * earlier group of the same key acknowledges nothing); returns the keys acknowledged.
   */
  public List<String> acknowledgeGroup(String key, long openedAtMs, String by) {
    Group g = groups.get(key);
    if (g == null || g.createdAt != openedAtMs) {
      return List.of();
    }
    acknowledge(g, by);
    return List.of(g.key);
  }

  /** Acknowledges every group in which this anomaly is firing; returns their keys. */
  public List<String> acknowledgeAnomaly(String anomalyId, String by) {
    List<String> keys = new ArrayList<>();
    for (Group g : groups.values()) {
      if (g.firing.contains(anomalyId)) {
        acknowledge(g, by);
        keys.add(g.key);
      }
    }
    return keys;
  }

  /**
   * Acknowledges the groups in which this anomaly is firing and that nobody has acknowledged yet (an
   * acknowledgement made elsewhere, e.g. in the web cockpit); returns their keys.
   */
  public List<String> acknowledgeAnomalyIfOpen(String anomalyId, String by) {
    List<String> keys = new ArrayList<>();
    for (Group g : groups.values()) {
      if (g.firing.contains(anomalyId) && g.ackedBy == null) {
        acknowledge(g, by);
        keys.add(g.key);
      }
    }
    return keys;
  }

  private static void acknowledge(Group g, String by) {
    g.ackedBy = by == null || by.isBlank() ? "someone" : by;
    g.escalateAt = -1;
  }

  /**
   * What an acknowledge link would find, in a few words for its confirmation page: the open group (or the
   * groups holding the anomaly) with its firing count and acknowledgement, or that nothing is open.
   */
  public String describe(String kind, String target, long openedAtMs) {
    List<String> out = new ArrayList<>();
    for (Group g : groups.values()) {
      boolean hit = AckLinks.GROUP.equals(kind) ? g.key.equals(target) && g.createdAt == openedAtMs
          : g.firing.contains(target);
      if (hit) {
        out.add(g.ackedBy == null
            ? text.get("state.open", words.group(g.labels), g.receiver, String.valueOf(g.firing.size()))
            : text.get("state.acknowledged", words.group(g.labels), g.receiver, String.valueOf(g.firing.size()),
                g.ackedBy));
      }
    }
    return out.isEmpty() ? "" : String.join(text.get("state.separator"), out);
  }

  /** Who acknowledged the group holding this key or anomaly, or null. */
  public String acknowledgedBy(String groupOrAnomaly) {
    for (Group g : groups.values()) {
      if ((g.key.equals(groupOrAnomaly) || g.firing.contains(groupOrAnomaly)) && g.ackedBy != null) {
        return g.ackedBy;
      }
    }
    return null;
  }

  /** The messages due at {@code now}, in order; the groups' timers move on. */
  public List<Notification> due(long now, Links links) {
    List<Notification> out = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    for (Group g : groups.values()) {
      List<Anomaly> firing = new ArrayList<>();
      for (String id : g.firing) {
        Anomaly a = latest.get(id);
        Long silenceEnd = anomalySilences.get(id);
        if (silenceEnd != null && silenceEnd <= now && g.lastSent >= 0 && silenceEnd > g.lastSent) {
          if (!g.changed) { // a cockpit silence ended since the last message: the anomaly is news again
            g.changed = true;
            g.nextDue = Math.max(silenceEnd, g.lastSent + groupInterval);
          }
        }
        if (!inhibited(a) && !silenced(a, now)) {
          firing.add(a);
        }
      }
      List<Anomaly> resolved = g.resolved.stream().map(latest::get).toList();
      boolean changeDue = g.changed && now >= g.nextDue;
      boolean repeatDue = !g.changed && g.ackedBy == null && g.lastSent >= 0 && !firing.isEmpty()
          && now >= g.lastSent + repeatInterval;
      if ((changeDue || repeatDue) && (!firing.isEmpty() || !resolved.isEmpty())) {
        String severity = new Notification("", "", "", Map.of(), "", firing, List.of(), now, "").severity();
        long quietEnd = quietUntil(now, severity);
        if (quietEnd > now) {
          g.nextDue = quietEnd;
          continue;
        }
        String reason = g.lastSent < 0 ? "FIRING" : changeDue ? (firing.isEmpty() ? "RESOLVED" : "UPDATE") : "REPEAT";
        out.add(message(g, g.receiver, reason, firing, resolved, now, links));
        firing.forEach(a -> g.notified.add(a.getAnomalyId()));
        g.lastSent = now;
        g.changed = false;
        g.resolved.clear();
        NotifyConfig.Receiver r = config.receiver(g.receiver);
        if (!firing.isEmpty() && g.ackedBy == null && g.escalateAt < 0 && g.escalatedTo == null
            && r.escalateTo() != null && r.escalateAfter() != null) {
          g.escalateAt = now + NotifyConfig.duration(r.escalateAfter()).toMillis();
        }
      } else if (changeDue) {
        g.changed = false; // everything in it is inhibited or silenced: nothing to say
      }
      if (g.escalateAt >= 0 && now >= g.escalateAt && g.ackedBy == null && !firing.isEmpty()) {
        String current = g.escalatedTo == null ? g.receiver : g.escalatedTo;
        NotifyConfig.Receiver from = config.receiver(current);
        String next = from.escalateTo();
        out.add(message(g, next, "ESCALATION", firing, List.of(), now, links));
        g.escalatedTo = next;
        NotifyConfig.Receiver to = config.receiver(next);
        g.escalateAt = to.escalateTo() != null && to.escalateAfter() != null
            ? now + NotifyConfig.duration(to.escalateAfter()).toMillis() : -1;
      }
      if (g.firing.isEmpty() && g.resolved.isEmpty() && !g.changed) {
        finished.add(g.key);
      }
    }
    finished.forEach(groups::remove);
    return out;
  }

  private Notification message(Group g, String receiver, String reason, List<Anomaly> firing, List<Anomaly> resolved,
      long now, Links links) {
    String id = "n" + now + "-" + (++sequence);
    String ack = links.forGroup(g.key, g.createdAt, receiver, now);
    return new Notification(id, receiver, g.key, g.labels, reason, List.copyOf(firing), List.copyOf(resolved), now, ack);
  }

  /** Groups currently held (for the health endpoint and tests). */
  public int groups() {
    return groups.size();
  }

  /** The complete state: every group with all its fields, the latest anomalies, the message sequence. */
  public EngineSnapshot snapshot() {
    return new EngineSnapshot(EngineSnapshot.SERIAL_VERSION, sequence, Map.copyOf(latest), groupStates());
  }

  /** The groups' states alone, in order (cheap: what changes at most ticks). */
  public List<EngineSnapshot.GroupState> groupStates() {
    List<EngineSnapshot.GroupState> out = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      out.add(new EngineSnapshot.GroupState(g.key, g.receiver, new LinkedHashMap<>(g.labels), List.copyOf(g.firing),
          List.copyOf(g.notified), List.copyOf(g.resolved), g.createdAt, g.lastSent, g.changed, g.nextDue, g.ackedBy,
          g.escalatedTo, g.escalateAt));
    }
    return out;
  }

  /** The last message number handed out. */
  public long sequence() {
    return sequence;
  }

  /**
   * Replaces the whole state with a snapshot. Groups whose receiver (or escalation receiver) is no longer
   * configured cannot be continued and are left out; their keys are returned so the caller can say so.
   */
  public List<String> restore(EngineSnapshot s) {
    if (s.serialVersion() != EngineSnapshot.SERIAL_VERSION) {
      throw new IllegalArgumentException("engine snapshot version " + s.serialVersion() + ", this notifier reads "
          + EngineSnapshot.SERIAL_VERSION);
    }
    latest.clear();
    latest.putAll(s.latest());
    groups.clear();
    List<String> dropped = new ArrayList<>();
    for (EngineSnapshot.GroupState gs : s.groups()) {
      if (config.receiver(gs.receiver()) == null
          || gs.escalatedTo() != null && config.receiver(gs.escalatedTo()) == null) {
        dropped.add(gs.key());
        continue;
      }
      Group g = new Group(gs.key(), gs.receiver(), new LinkedHashMap<>(gs.labels()), gs.createdAt());
      g.firing.addAll(gs.firing());
      g.notified.addAll(gs.notified());
      g.resolved.addAll(gs.resolved());
      g.lastSent = gs.lastSent();
      g.changed = gs.changed();
      g.nextDue = gs.nextDue();
      g.ackedBy = gs.ackedBy();
      g.escalatedTo = gs.escalatedTo();
      g.escalateAt = gs.escalateAt();
      groups.put(g.key, g);
    }
    sequence = s.sequence();
    return dropped;
  }

  private List<String> receivers(Anomaly a) {
    List<String> out = new ArrayList<>();
    for (NotifyConfig.Route route : config.routes()) {
      if (matches(route.match(), a)) {
        out.add(route.receiver());
        if (!Boolean.TRUE.equals(route.continueMatching())) {
          break;
        }
      }
    }
    return out;
  }

  static boolean matches(NotifyConfig.Match m, Anomaly a) {
    if (m == null) {
      return true;
    }
    return (m.nodePrefix() == null || a.getNodeId().startsWith(m.nodePrefix()))
        && (m.building() == null || m.building().equals(a.getBuilding()))
        && (m.levels() == null || m.levels().contains(a.getLevel()))
        && (m.kinds() == null || m.kinds().contains(a.getKind())
            || m.kinds().contains("RULE") && a.getKind().startsWith("RULE:"))
        && (m.energyTypes() == null || m.energyTypes().contains(a.getEnergyType()))
        && (m.minSeverity() == null || Notification.rank(a.getSeverity()) >= Notification.rank(m.minSeverity()));
  }

  private Map<String, String> labels(Anomaly a, String receiver) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> by = config.grouping() == null || config.grouping().by() == null ? List.of("building", "kind")
        : config.grouping().by();
    for (String label : by) {
      out.put(label, label(a, label));
    }
    return out;
  }

  static String label(Anomaly a, String name) {
    return switch (name) {
      case "building" -> a.getBuilding();
      case "kind" -> a.getKind();
      case "node", "nodeId" -> a.getNodeId();
      case "level" -> a.getLevel();
      case "energyType" -> a.getEnergyType();
      case "severity" -> a.getSeverity();
      case "subject" -> a.getSubject();
      default -> throw new IllegalArgumentException("cannot group or compare by '" + name
          + "' (building, kind, node, level, energyType, severity, subject)");
    };
  }

  /**
   * The silences operators set on single anomalies in the web cockpit (anomaly id -> end, epoch ms), all of
   * them each time, ended ones too (within the week they are read): they replace the ones given before. A
   * silenced anomaly is left out of its group's messages, repeats and escalation until the end; when the
   * end has passed since the group's last message, the group tells it again (with its latest state) at the
   * group's next change time.
   */
  public void anomalySilences(Map<String, Long> untilByAnomaly) {
    this.anomalySilences = Map.copyOf(untilByAnomaly);
  }

  private boolean silenced(Anomaly a, long now) {
    Long until = anomalySilences.get(a.getAnomalyId());
    if (until != null && now < until) {
      return true;
    }
    if (config.silences() == null) {
      return false;
    }
    for (NotifyConfig.Silence s : config.silences()) {
      if (matches(s.match(), a) && now < until(s.until())) {
        return true;
      }
    }
    return false;
  }

  private long until(String text) {
    if (text == null) {
      return Long.MAX_VALUE;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (RuntimeException e) {
      return LocalDateTime.parse(text).atZone(zone).toInstant().toEpochMilli();
    }
  }

  private boolean inhibited(Anomaly target) {
    if (config.inhibit() == null) {
      return false;
    }
    for (NotifyConfig.Inhibit rule : config.inhibit()) {
      if (!rule.targetKinds().contains(target.getKind())) {
        continue;
      }
      for (Anomaly source : latest.values()) {
        if (source == target || !rule.sourceKind().equals(source.getKind()) || "RESOLVED".equals(source.getStatus())) {
          continue;
        }
        boolean equal = true;
        for (String label : rule.equal()) {
          equal &= label(source, label).equals(label(target, label));
        }
        if (equal) {
          return true;
        }
      }
    }
    return false;
  }

  /** The end of the quiet hours holding a message of this severity at {@code now}, or {@code now}. */
  private long quietUntil(long now, String severity) {
    NotifyConfig.QuietHours q = config.quietHours();
    if (q == null || Notification.rank(severity) >= Notification.rank(q.minSeverity() == null ? "CRITICAL" : q.minSeverity())) {
      return now;
    }
    ZonedDateTime t = Instant.ofEpochMilli(now).atZone(zone);
    LocalTime from = LocalTime.parse(q.from());
    LocalTime to = LocalTime.parse(q.to());
    LocalTime time = t.toLocalTime();
    boolean quiet = from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
        : !time.isBefore(from) || time.isBefore(to);
    if (!quiet) {
      return now;
    }
    ZonedDateTime end = t.with(to);
    if (!end.isAfter(t)) {
      end = end.plusDays(1);
    }
    return end.toInstant().toEpochMilli();
  }
}
