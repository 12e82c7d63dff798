package io.wattward.notify;

import io.wattward.schema.Anomaly;
import java.util.List;
import java.util.Map;

/**
 * One message to one receiver about one group of anomalies: those still firing and those resolved
 * since the last message. {@code reason}: FIRING (first message of the group), UPDATE (it changed),
 * REPEAT (nothing changed, still firing, nobody acknowledged), ESCALATION (to the next receiver).
 */
public record Notification(String id, String receiver, String groupKey, Map<String, String> labels, String reason,
    List<Anomaly> firing, List<Anomaly> resolved, long atMs, String ackUrl) {

  /** The highest severity among the firing anomalies (INFO if none). */
  public String severity() {
    String max = "INFO";
    for (Anomaly a : firing) {
      if (rank(a.getSeverity()) > rank(max)) {
        max = a.getSeverity();
      }
    }
    return max;
  }

  static int rank(String severity) {
    return switch (severity) {
      case "CRITICAL" -> 2;
      case "WARNING" -> 1;
      default -> 0;
    };
  }
}
