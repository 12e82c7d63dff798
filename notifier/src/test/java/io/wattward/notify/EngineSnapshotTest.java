package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's state taken out and put back: an engine restored at any step decides as one that never stopped. */
class EngineSnapshotTest {

  private static NotificationEngine engine() {
    return new NotificationEngine(NotifyConfig.parse(NotificationEngineTest.CONFIG));
  }

  @Test
  void theTimelineSaysSomethingWorthRestoring() {
    List<String> decisions = EngineTimeline.run(engine(), EngineTimeline.steps());
    // the script covers firing, update, resolved, escalation, repeat and the morning after quiet hours
    assertThat(String.join("\n", decisions)).contains("reason=FIRING", "reason=UPDATE", "reason=RESOLVED",
        "reason=ESCALATION", "reason=REPEAT", "ack F: true", "take B v1: false");
  }

  @Test
  void anEngineRestoredAfterAnyStepDecidesExactlyAsOneThatNeverStopped() {
    List<EngineTimeline.Step> steps = EngineTimeline.steps();
    List<String> expected = EngineTimeline.run(engine(), steps);
    for (int cut = 0; cut <= steps.size(); cut++) {
      NotificationEngine before = engine();
      List<String> decisions = new ArrayList<>(EngineTimeline.run(before, steps.subList(0, cut)));
      EngineSnapshot snapshot = before.snapshot();
      NotificationEngine after = engine();
      assertThat(after.restore(snapshot)).isEmpty();
      assertThat(after.snapshot()).as("export, import, export at step %d", cut).isEqualTo(snapshot);
      decisions.addAll(EngineTimeline.run(after, steps.subList(cut, steps.size())));
      assertThat(decisions).as("restored after step %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void aSnapshotHoldsEveryFieldOfAGroup() {
    NotificationEngine e = engine();
    List<EngineTimeline.Step> steps = EngineTimeline.steps();
    EngineTimeline.run(e, steps.subList(0, 19)); // after the escalation at 930 s
    EngineSnapshot s = e.snapshot();
    EngineSnapshot.GroupState a = s.groups().stream().filter(g -> g.key().equals("ip2-engineers|PPH/MAIN/IP2|JUMP"))
        .findFirst().orElseThrow();
    long t0 = NotificationEngineTest.T0;
    long sec = NotificationEngineTest.S;
    assertThat(a.firing()).containsExactly("A");
    assertThat(a.notified()).containsExactly("A");
    assertThat(a.createdAt()).isEqualTo(t0);
    assertThat(a.lastSent()).isEqualTo(t0 + 330 * sec);
    assertThat(a.escalatedTo()).isEqualTo("facility-manager");
    assertThat(a.escalateAt()).isEqualTo(-1); // the manager has no one above
    assertThat(a.labels()).containsExactly(java.util.Map.entry("building", "PPH/MAIN/IP2"),
        java.util.Map.entry("kind", "JUMP"));
    assertThat(s.latest()).containsKeys("A", "B", "O", "F", "L", "X");
    assertThat(s.sequence()).isEqualTo(e.sequence()).isPositive();
  }

  @Test
  void groupsOfReceiversNoLongerConfiguredAreLeftOutAndNamed() {
    NotificationEngine e = engine();
    EngineTimeline.run(e, EngineTimeline.steps().subList(0, 8));
    NotificationEngine other = new NotificationEngine(NotifyConfig.parse(NotificationEngineTest.CONFIG
        .replace("energy-office", "energy-team")));
    assertThat(other.restore(e.snapshot())).containsExactly("energy-office|PPH/MAIN/IP1|OFFLINE",
        "energy-office|PPH/MAIN/IP1|FLATLINE");
    assertThat(other.groups()).isEqualTo(1);
  }

  @Test
  void aSnapshotOfAnotherVersionIsRefused() {
    EngineSnapshot s = engine().snapshot();
    assertThatThrownBy(() -> engine().restore(new EngineSnapshot(99, 0, s.latest(), s.groups())))
        .hasMessageContaining("engine snapshot version 99");
  }
}
