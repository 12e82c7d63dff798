package io.wattward.notify;

import static io.wattward.notify.NotificationEngineTest.S;
import static io.wattward.notify.NotificationEngineTest.T0;
import static io.wattward.notify.NotificationEngineTest.anomaly;

import io.wattward.schema.Anomaly;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted day of the engine on {@link NotificationEngineTest#CONFIG}, in seconds after T0 (10:00
 * local): a burst, a resolution, an escalation, repeats, an acknowledgement, a worse state, inhibition, a
 * silence and quiet hours. Every step can be the last before a restart.
 */
final class EngineTimeline {

  /** One thing that happens: an anomaly arrives, someone acknowledges, or the clock is looked at. */
  record Step(long seconds, Anomaly anomaly, String ack, String by) {
    void apply(NotificationEngine engine, List<String> decisions) {
      long now = T0 + seconds * S;
      if (anomaly != null) {
        decisions.add(seconds + " take " + anomaly.getAnomalyId() + " v" + anomaly.getVersion() + ": "
            + engine.onAnomaly(anomaly, now));
      } else if (ack != null) {
        decisions.add(seconds + " ack " + ack + ": " + engine.acknowledge(ack, by));
      } else {
        for (Notification n : engine.due(now, NotificationEngineTest.LINKS)) {
          decisions.add(seconds + " " + n);
        }
      }
    }
  }

  private EngineTimeline() {}

  static Step at(long seconds, Anomaly a) {
    return new Step(seconds, a, null, null);
  }

  static Step ack(long seconds, String target, String by) {
    return new Step(seconds, null, target, by);
  }

  static Step due(long seconds) {
    return new Step(seconds, null, null, null);
  }

  static final String IP2 = "PPH/MAIN/IP2";
  static final String IP1 = "PPH/MAIN/IP1";

  static List<Step> steps() {
    List<Step> s = new ArrayList<>();
    s.add(at(0, anomaly("A", "JUMP", "OPEN", "WARNING", IP2, 1)));
    s.add(due(5));
    s.add(at(10, anomaly("B", "JUMP", "OPEN", "WARNING", IP2, 1)));
    s.add(at(11, anomaly("B", "JUMP", "OPEN", "WARNING", IP2, 1))); // a repeat: ignored
    s.add(at(12, anomaly("O", "OFFLINE", "OPEN", "WARNING", IP1, 1)));
    s.add(at(12, anomaly("F", "FLATLINE", "OPEN", "WARNING", IP1, 1))); // inhibited by O
    s.add(at(13, anomaly("L", "OFFLINE", "OPEN", "CRITICAL", "PPH/MAIN/LOG", 1))); // silenced
    s.add(due(30));
    s.add(due(42));
    s.add(at(60, anomaly("B", "JUMP", "RESOLVED", "WARNING", IP2, 2)));
    s.add(due(61));
    s.add(at(100, anomaly("O", "OFFLINE", "RESOLVED", "WARNING", IP1, 2)));
    s.add(due(330));
    s.add(due(342));
    s.add(due(372));
    s.add(at(400, anomaly("X", "JUMP", "OPEN", "WARNING", IP1, 1))); // resolves before its first message
    s.add(at(410, anomaly("X", "JUMP", "RESOLVED", "WARNING", IP1, 2)));
    s.add(due(430));
    s.add(due(930)); // A's group escalates
    s.add(ack(1000, "F", "Zhao"));
    s.add(due(3930));
    s.add(due(3972)); // F acknowledged: no repeat
    s.add(at(4000, anomaly("A", "JUMP", "UPDATE", "CRITICAL", IP2, 2))); // worse: news, new ack needed
    s.add(due(4000));
    s.add(due(4000 + 900));
    s.add(ack(5000, "ip2-engineers|PPH/MAIN/IP2|JUMP", "Li"));
    s.add(at(13 * 3600, anomaly("N", "JUMP", "OPEN", "WARNING", "PPH/MAIN/TT", 1))); // 23:00: quiet hours
    s.add(due(13 * 3600 + 30));
    s.add(due(21 * 3600 - 1));
    s.add(due(21 * 3600)); // 07:00
    s.add(due(22 * 3600));
    return s;
  }

  /** The decisions of a fresh engine over the whole timeline. */
  static List<String> run(NotificationEngine engine, List<Step> steps) {
    List<String> out = new ArrayList<>();
    steps.forEach(step -> step.apply(engine, out));
    return out;
  }
}
