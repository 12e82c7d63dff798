package io.wattward.notify;

import io.wattward.schema.Anomaly;
import java.util.List;
import java.util.Map;

/**
 * The complete state of a {@link NotificationEngine}, as plain values: what it needs to go on deciding
 * exactly as before after a restart. Times are absolute (epoch milliseconds), so a timer that passed
 * while the notifier was down is simply overdue. {@code serialVersion} names the layout; a change to
 * the engine's state raises it and the store migrates older snapshots.
 *
 * @param latest the newest version seen of every anomaly (older versions and repeats are ignored)
 * @param groups the groups in the engine's order (the order of its messages)
 * @param sequence the last message number handed out (message ids stay unique across restarts)
 */
public record EngineSnapshot(int serialVersion, long sequence, Map<String, Anomaly> latest, List<GroupState> groups) {

  public static final int SERIAL_VERSION = 1;

  /**
   * One group: its anomalies (in arrival order), what was sent and when, the acknowledgement and the
   * escalation timer. {@code -1} stands for "never" / "not set" in the time fields.
   */
  public record GroupState(String key, String receiver, Map<String, String> labels, List<String> firing,
      List<String> notified, List<String> resolved, long createdAt, long lastSent, boolean changed, long nextDue,
      String ackedBy, String escalatedTo, long escalateAt) {}
}
