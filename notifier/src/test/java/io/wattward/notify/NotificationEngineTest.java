package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.schema.Anomaly;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notification rules on a hand-driven clock: every number is seconds after T0 (10:00 local). */
class NotificationEngineTest {

  static final long T0 = LocalDateTime.parse("2026-11-20T10:00").atZone(ZoneId.of("Asia/Shanghai")).toInstant()
      .toEpochMilli();
  static final long S = 1_000;
  /** Signed links as the notifier makes them (the engine only passes them on). */
  static final NotificationEngine.Links LINKS = new AckLinks("http://ack", "engine-test-secret-of-at-least-32-chars",
      java.time.Duration.ofDays(7));

  static final String CONFIG = """
      zone: Asia/Shanghai
      receivers:
        - name: ip2-engineers
          channels: [{type: webhook, url: "http://127.0.0.1:1/hook"}]
          escalateAfter: 15m
          escalateTo: facility-manager
        - name: facility-manager
          channels: [{type: webhook, url: "http://127.0.0.1:1/manager"}]
        - name: energy-office
          channels: [{type: webhook, url: "http://127.0.0.1:1/office"}]
      routes:
        - match: {building: PPH/MAIN/IP2}
          receiver: ip2-engineers
        - match: {}
          receiver: energy-office
      grouping: {by: [building, kind], groupWait: 30s, groupInterval: 5m, repeatInterval: 1h}
      quietHours: {from: "22:00", to: "07:00", minSeverity: CRITICAL}
      silences:
        - match: {building: PPH/MAIN/LOG, kinds: [OFFLINE]}
          until: "2026-12-01T00:00"
          comment: logistics building gateway replaced this month
      inhibit:
        - {sourceKind: OFFLINE, targetKinds: [JUMP, FLATLINE], equal: [building]}
      """;

  static Anomaly anomaly(String id, String kind, String status, String severity, String building, long version) {
    return Anomaly.newBuilder().setAnomalyId(id).setKind(kind).setStatus(status).setSeverity(severity)
        .setLevel("meter").setNodeId(id).setBuilding(building).setEnergyType("ELECTRICITY").setSubject(id)
        .setStartedAt(Instant.ofEpochMilli(T0)).setUpdatedAt(Instant.ofEpochMilli(T0))
        .setEndedAt("RESOLVED".equals(status) ? Instant.ofEpochMilli(T0 + 600 * S) : null)
        .setExpected(0).setActual(0).setPeakDeviationPct(0).setExcessEnergy(0).setUnit("kWh").setExcessCost(0)
        .setDetail("").setVersion(version).build();
  }

  private final NotificationEngine engine = new NotificationEngine(NotifyConfig.parse(CONFIG));

  private List<String> due(long seconds) {
    return engine.due(T0 + seconds * S, LINKS).stream()
        .map(n -> n.receiver() + " " + n.reason() + " " + n.firing().size() + "+" + n.resolved().size()).toList();
  }

  @Test
  void groupsWaitRepeatAndReportResolvedOnce() {
    engine.onAnomaly(anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1), T0);
    assertThat(due(29)).isEmpty();
    engine.onAnomaly(anomaly("B", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1), T0 + 10 * S);
    assertThat(engine.onAnomaly(anomaly("B", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1), T0 + 11 * S))
        .as("a repeat of the same version is ignored").isFalse();
    assertThat(due(30)).containsExactly("ip2-engineers FIRING 2+0"); // one message for the burst
    assertThat(due(31)).isEmpty();
    // B resolves at 60 s: the next message may go 5 minutes after the last (at 330 s)
    engine.onAnomaly(anomaly("B", "JUMP", "RESOLVED", "WARNING", "PPH/MAIN/IP2", 2), T0 + 60 * S);
    assertThat(due(329)).isEmpty();
    assertThat(due(330)).containsExactly("ip2-engineers UPDATE 1+1");
    // nobody acknowledged the first message within 15 minutes: escalated to the facility manager
    assertThat(due(30 + 900)).containsExactly("facility-manager ESCALATION 1+0");
    // unchanged and firing: repeated an hour after the last message, not before
    assertThat(due(330 + 3599)).isEmpty();
    assertThat(due(330 + 3600)).containsExactly("ip2-engineers REPEAT 1+0");
  }

  @Test
  void escalatesWhenNobodyAcknowledgesAndAcknowledgementStopsRepeats() {
    engine.onAnomaly(anomaly("A", "FLATLINE", "OPEN", "WARNING", "PPH/MAIN/IP2", 1), T0);
    assertThat(due(30)).containsExactly("ip2-engineers FIRING 1+0");
    assertThat(due(30 + 899)).isEmpty();
    assertThat(due(30 + 900)).containsExactly("facility-manager ESCALATION 1+0");
    assertThat(due(30 + 901)).isEmpty(); // the manager has no one above
    assertThat(engine.acknowledge("A", "Wang")).isTrue();
    assertThat(engine.acknowledgedBy("A")).isEqualTo("Wang");
    assertThat(due(30 + 7200)).as("acknowledged: no repeats").isEmpty();
    // a worse state needs a new acknowledgement, and is news
    engine.onAnomaly(anomaly("A", "FLATLINE", "UPDATE", "CRITICAL", "PPH/MAIN/IP2", 2), T0 + 7300 * S);
    assertThat(due(7300)).containsExactly("ip2-engineers UPDATE 1+0");
    assertThat(engine.acknowledgedBy("A")).isNull();
  }

  @Test
  void aGroupAcknowledgedBeforeTheEscalationIsNotEscalated() {
    engine.onAnomaly(anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1), T0);
    assertThat(due(30)).hasSize(1);
    assertThat(engine.acknowledge("ip2-engineers|PPH/MAIN/IP2|JUMP", "Li")).isTrue();
    assertThat(due(30 + 900)).isEmpty();
  }

  @Test
  void aSilenceSetInTheCockpitHoldsOneAnomalyBackUntilItsEnd() {
    engine.onAnomaly(anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1), T0);
    engine.onAnomaly(anomaly("B", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1), T0);
    assertThat(due(30)).containsExactly("ip2-engineers FIRING 2+0");
    // an operator silences A until 1,200 s; B (same group) is not silenced
    engine.anomalySilences(Map.of("A", T0 + 1_200 * S));
    assertThat(due(930)).as("the escalation names B only").containsExactly("facility-manager ESCALATION 1+0");
    // B resolves: the group's update says so and has nothing firing while A is silenced
    engine.onAnomaly(anomaly("B", "JUMP", "RESOLVED", "WARNING", "PPH/MAIN/IP2", 2), T0 + 1_000 * S);
    assertThat(due(1_000)).containsExactly("ip2-engineers RESOLVED 0+1");
    // a worse state of A within its silence is not news yet
    engine.onAnomaly(anomaly("A", "JUMP", "UPDATE", "CRITICAL", "PPH/MAIN/IP2", 2), T0 + 1_100 * S);
    assertThat(due(1_200)).isEmpty();
    // the silence is over: A is told again, in its latest state, a group interval (5 min) after the last message
    assertThat(due(1_299)).isEmpty();
    assertThat(engine.due(T0 + 1_300 * S, LINKS)).singleElement().satisfies(n -> {
      assertThat(n.reason()).isEqualTo("UPDATE");
      assertThat(n.firing()).singleElement().satisfies(a -> assertThat(a.getSeverity()).isEqualTo("CRITICAL"));
    });
    assertThat(due(1_301)).as("told once").isEmpty();
    // the silences are replaced as a whole: none given, none held
    engine.anomalySilences(Map.of("A", T0 + 9_000 * S));
    assertThat(due(1_300 + 3_600)).as("silenced again: no repeat").isEmpty();
    engine.anomalySilences(Map.of());
    assertThat(due(1_300 + 3_601)).containsExactly("ip2-engineers REPEAT 1+0");
  }

  @Test
  void anAnomalyResolvedBeforeItsFirstMessageIsNeverSent() {
    engine.onAnomaly(anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP1", 1), T0);
    engine.onAnomaly(anomaly("A", "JUMP", "RESOLVED", "WARNING", "PPH/MAIN/IP1", 2), T0 + 5 * S);
    assertThat(due(30)).isEmpty();
    assertThat(engine.groups()).isZero();
  }

  @Test
  void silencesInhibitionAndQuietHours() {
    // silenced until December: nothing
    engine.onAnomaly(anomaly("L", "OFFLINE", "OPEN", "CRITICAL", "PPH/MAIN/LOG", 1), T0);
    assertThat(due(30)).isEmpty();
    // IP1's meter offline: its flatline in the same building is held back, the offline itself is sent
    engine.onAnomaly(anomaly("O", "OFFLINE", "OPEN", "WARNING", "PPH/MAIN/IP1", 1), T0 + 40 * S);
    engine.onAnomaly(anomaly("F", "FLATLINE", "OPEN", "WARNING", "PPH/MAIN/IP1", 1), T0 + 40 * S);
    assertThat(due(70)).containsExactly("energy-office FIRING 1+0");
    // the meter is back: the flatline, still open, is news now
    engine.onAnomaly(anomaly("O", "OFFLINE", "RESOLVED", "WARNING", "PPH/MAIN/IP1", 2), T0 + 100 * S);
    assertThat(due(370)).containsExactly("energy-office RESOLVED 0+1");
    engine.onAnomaly(anomaly("F", "FLATLINE", "UPDATE", "CRITICAL", "PPH/MAIN/IP1", 2), T0 + 400 * S);
    assertThat(due(400)).containsExactly("energy-office FIRING 1+0");
    // at 23:00 local a warning waits for 07:00; a critical one goes at once
    long night = 13 * 3600;
    engine.onAnomaly(anomaly("N", "JUMP", "OPEN", "WARNING", "PPH/MAIN/TT", 1), T0 + night * S);
    // the critical flatline is repeated (unacknowledged, an hour on); the warning waits
    assertThat(due(night + 30)).containsExactly("energy-office REPEAT 1+0");
    engine.acknowledge("F", "Zhao");
    // a critical jump at 23:01 goes at once
    engine.onAnomaly(anomaly("C", "JUMP", "OPEN", "CRITICAL", "PPH/MAIN/EC", 1), T0 + (night + 60) * S);
    assertThat(due(night + 90)).containsExactly("energy-office FIRING 1+0");
    engine.acknowledge("C", "Zhao");
    assertThat(due(21 * 3600 - 1)).isEmpty();
    assertThat(due(21 * 3600)).containsExactly("energy-office FIRING 1+0");
  }

  @Test
  void theExampleSettingsAreValid() throws Exception {
    java.nio.file.Path dir = java.nio.file.Paths.get("").toAbsolutePath();
    while (!java.nio.file.Files.isRegularFile(dir.resolve("config/notify.example.yaml"))) {
      dir = dir.getParent();
    }
    java.nio.file.Path file = dir.resolve("config/notify.example.yaml");
    // every secret in it is an environment reference: without the environment, each one is named
    assertThatThrownBy(() -> NotifyConfig.read(file, java.util.Map.of())).hasMessageContainingAll(
        "receivers[ip2-engineers].channels[0].url: environment variable WATTWARD_WECOM_IP2_KEY is not set",
        "receivers[ip2-engineers].channels[2].headers.Authorization: environment variable WATTWARD_REPAIR_TOKEN",
        "receivers[facility-manager].channels[0].url: environment variable WATTWARD_DINGTALK_TOKEN",
        "receivers[facility-manager].channels[0].secret: environment variable WATTWARD_DINGTALK_SECRET",
        "receivers[energy-office].channels[0].url: environment variable WATTWARD_FEISHU_HOOK",
        "receivers[energy-office].channels[0].secret: environment variable WATTWARD_FEISHU_SECRET",
        "ack.healthToken: environment variable WATTWARD_HEALTH_TOKEN",
        "ack: acknowledge links are signed with the environment variable WATTWARD_ACK_SECRET, which is not set");
    java.util.Map<String, String> env = new java.util.HashMap<>();
    for (String name : List.of("WATTWARD_WECOM_IP2_KEY", "WATTWARD_REPAIR_TOKEN", "WATTWARD_DINGTALK_TOKEN",
        "WATTWARD_DINGTALK_SECRET", "WATTWARD_FEISHU_HOOK", "WATTWARD_FEISHU_SECRET", "WATTWARD_HEALTH_TOKEN")) {
      env.put(name, "value-of-" + name);
    }
    env.put(NotifyConfig.ACK_SECRET_ENV, "an-acknowledge-secret-of-32-characters");
    NotifyConfig example = NotifyConfig.read(file, env);
    assertThat(example.receivers()).hasSize(3);
    assertThat(example.state()).as("the default state file unless state.path is set").isNull();
    assertThat(example.receiver("facility-manager").channels().get(0).secret())
        .isEqualTo("value-of-WATTWARD_DINGTALK_SECRET");
    assertThat(example.ack().validFor()).isEqualTo(java.time.Duration.ofDays(7));
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> NotifyConfig.parse(CONFIG.replace("type: webhook, url: \"http://127.0.0.1:1/office\"",
        "type: pager")))
        .hasMessageContaining("unknown channel type 'pager'");
    assertThatThrownBy(() -> NotifyConfig.parse(CONFIG.replace("escalateTo: facility-manager", "escalateTo: nobody")))
        .hasMessageContaining("escalates to unknown receiver nobody");
    assertThatThrownBy(() -> NotifyConfig.parse(CONFIG.replace("by: [building, kind]", "by: [building, room]")))
        .hasMessageContaining("grouping.by: unknown label 'room'");
  }
}
