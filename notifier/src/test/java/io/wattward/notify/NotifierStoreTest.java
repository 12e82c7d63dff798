package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.schema.Anomaly;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier's SQLite file: what goes in comes out after a reopen, and a decision is written whole or not at all. */
class NotifierStoreTest {

  @TempDir Path dir;

  private static final TopicPartition P0 = new TopicPartition("anomalies", 0);
  private static final TopicPartition P1 = new TopicPartition("anomalies", 1);

  private static NotificationEngine engine() {
    return new NotificationEngine(NotifyConfig.parse(NotificationEngineTest.CONFIG));
  }

  /**
   * Runs the timeline as the service does (a decision stored after every step, only what changed), cuts
   * it after every step, reopens the file in a new engine and runs the rest: the same decisions as without
   * the cut, and the restored state equal to the one that was stored.
   */
  @Test
  void aTimelineStoredStepByStepAndRestoredFromTheFileAtAnyStepDecidesAlike() {
    List<EngineTimeline.Step> steps = EngineTimeline.steps();
    List<String> expected = EngineTimeline.run(engine(), steps);
    for (int cut = 0; cut <= steps.size(); cut++) {
      Path file = dir.resolve("cut-" + cut + ".db");
      NotificationEngine before = engine();
      List<String> decisions = new ArrayList<>();
      try (NotifierStore store = NotifierStore.open(file)) {
        store.load();
        for (EngineTimeline.Step step : steps.subList(0, cut)) {
          int was = decisions.size();
          step.apply(before, decisions);
          List<Anomaly> taken = step.anomaly() != null && decisions.get(was).endsWith("true")
              ? List.of(step.anomaly()) : List.of();
          store.commit(new NotifierStore.Decision(taken, before.groupStates(), before.sequence(), Map.of(), List.of()),
              NotificationEngineTest.T0 + step.seconds() * NotificationEngineTest.S);
        }
      }
      NotificationEngine after = engine();
      try (NotifierStore store = NotifierStore.open(file)) {
        EngineSnapshot restored = store.load().snapshot();
        assertThat(restored).as("the file after step %d", cut).isEqualTo(before.snapshot());
        after.restore(restored);
      }
      decisions.addAll(EngineTimeline.run(after, steps.subList(cut, steps.size())));
      assertThat(decisions).as("restored from the file after step %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void positionsOutboxRowsAndTicketsSurviveAReopen() {
    Path file = dir.resolve("n.db");
    NotificationEngine e = engine();
    e.onAnomaly(NotificationEngineTest.anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1),
        NotificationEngineTest.T0);
    List<Notification> due = e.due(NotificationEngineTest.T0 + 30_000, NotificationEngineTest.LINKS);
    try (NotifierStore store = NotifierStore.open(file)) {
      store.load();
      assertThat(store.commit(new NotifierStore.Decision(List.of(), e.groupStates(), e.sequence(), Map.of(P0, 7L, P1, 3L),
          List.of(new NotifierStore.Outgoing(due.get(0), List.of("ip2-engineers/webhook/1", "ip2-engineers/email/2")))),
          1_000)).isTrue();
      assertThat(store.commit(new NotifierStore.Decision(List.of(), e.groupStates(), e.sequence(), Map.of(P1, 4L),
          List.of()), 1_100)).isTrue();
      assertThat(store.commit(new NotifierStore.Decision(List.of(), e.groupStates(), e.sequence(), Map.of(), List.of()),
          1_200)).as("nothing changed: nothing written").isFalse();
      store.ticketOpened("ip2-engineers/workorder/3", "A", "T-1000", 1_000);
    }
    try (NotifierStore store = NotifierStore.open(file)) {
      NotifierStore.Loaded loaded = store.load();
      assertThat(loaded.positions()).containsOnly(Map.entry(P0, 7L), Map.entry(P1, 4L));
      NotifierStore.OutboxRow row = store.nextFor("ip2-engineers/webhook/1");
      assertThat(row.notification()).isEqualTo(due.get(0));
      assertThat(row.attempts()).isZero();
      assertThat(row.nextAttemptAt()).isEqualTo(1_000);
      assertThat(store.nextFor("ip2-engineers/email/2").notification().id()).isEqualTo(due.get(0).id());
      assertThat(store.outboxStats()).isEqualTo(new NotifierStore.OutboxStats(2, 1_000));
      assertThat(store.ticket("ip2-engineers/workorder/3", "A")).isEqualTo("T-1000");
      assertThat(store.ticket("ip2-engineers/workorder/3", "B")).isNull();
      assertThat(store.ticket("energy-office/workorder/4", "A")).as("tickets are per work-order channel").isNull();
    }
  }

  @Test
  void aDecisionThatCannotBeWrittenLeavesNothingOfItBehind() {
    Path file = dir.resolve("n.db");
    NotificationEngine e = engine();
    Anomaly a = NotificationEngineTest.anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1);
    e.onAnomaly(a, NotificationEngineTest.T0);
    try (NotifierStore store = NotifierStore.open(file)) {
      store.load();
      Map<TopicPartition, Long> badPosition = new HashMap<>();
      badPosition.put(P0, 1L);
      badPosition.put(new TopicPartition(null, 0), 2L); // topic NOT NULL: fails after the anomaly and group rows
      assertThatThrownBy(() -> store.commit(new NotifierStore.Decision(List.of(a), e.groupStates(), e.sequence(),
          badPosition, List.of()), 1_000)).isInstanceOf(NotifierStore.Failure.class);
      // the store does not count the failed decision as written: its groups go in with the next one
      assertThat(store.commit(new NotifierStore.Decision(List.of(), e.groupStates(), e.sequence(), Map.of(), List.of()),
          1_000)).isTrue();
    }
    try (NotifierStore store = NotifierStore.open(file)) {
      NotifierStore.Loaded loaded = store.load();
      assertThat(loaded.positions()).as("no position of the failed decision").isEmpty();
      assertThat(loaded.snapshot().latest()).as("no anomaly of the failed decision").isEmpty();
      assertThat(loaded.snapshot().groups()).hasSize(1);
    }
  }

  @Test
  void aSecondNotifierCannotOpenTheSameFile() {
    Path file = dir.resolve("n.db");
    try (NotifierStore first = NotifierStore.open(file)) {
      assertThatThrownBy(() -> NotifierStore.open(file)).hasMessageContaining("another notifier is using");
    }
    NotifierStore.open(file).close(); // free again once the first is closed
  }

  @Test
  void aFileWrittenByANewerNotifierIsRefused() throws Exception {
    Path file = dir.resolve("n.db");
    NotifierStore.open(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.execute("INSERT INTO schema_version (version) VALUES (" + (NotifierStore.SCHEMA_VERSION + 1) + ")");
    }
    assertThatThrownBy(() -> NotifierStore.open(file)).hasMessageContaining("written by a newer notifier");
  }

  @Test
  void acknowledgementsAreStoredWithTheirDecisionAndAFileOfTheFirstLayoutGainsTheirTable() throws Exception {
    Path file = dir.resolve("n.db");
    NotifierStore.open(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.execute("DROP TABLE acknowledgements"); // as a notifier before acknowledgements were recorded left it
      st.execute("DELETE FROM schema_version WHERE version = 2");
    }
    NotificationEngine e = engine();
    e.onAnomaly(NotificationEngineTest.anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1),
        NotificationEngineTest.T0);
    List<String> keys = e.acknowledgeGroup("ip2-engineers|PPH/MAIN/IP2|JUMP", NotificationEngineTest.T0, "Wang");
    assertThat(keys).containsExactly("ip2-engineers|PPH/MAIN/IP2|JUMP");
    assertThat(e.acknowledgeGroup("ip2-engineers|PPH/MAIN/IP2|JUMP", NotificationEngineTest.T0 - 1, "Li"))
        .as("a link to an earlier group of the same key").isEmpty();
    NotifierStore.Acknowledgement ack = new NotifierStore.Acknowledgement(5_000, "group",
        "ip2-engineers|PPH/MAIN/IP2|JUMP", "ip2-engineers", "Wang", keys);
    try (NotifierStore store = NotifierStore.open(file)) {
      store.load();
      assertThat(store.acknowledgements()).isEmpty();
      store.commit(new NotifierStore.Decision(List.of(), e.groupStates(), e.sequence(), Map.of(), List.of(),
          List.of(ack)), 5_000);
    }
    try (NotifierStore store = NotifierStore.open(file)) {
      assertThat(store.acknowledgements()).containsExactly(ack);
      assertThat(store.load().snapshot().groups().get(0).ackedBy()).isEqualTo("Wang");
    }
  }

  @Test
  void finishedRowsArePrunedAfterTheirTimeAndOpenOnesNever() {
    try (NotifierStore store = NotifierStore.open(dir.resolve("n.db"))) {
      store.load();
      NotificationEngine e = engine();
      e.onAnomaly(NotificationEngineTest.anomaly("A", "JUMP", "OPEN", "WARNING", "PPH/MAIN/IP2", 1),
          NotificationEngineTest.T0);
      Notification n = e.due(NotificationEngineTest.T0 + 30_000, NotificationEngine.Links.NONE).get(0);
      store.commit(new NotifierStore.Decision(List.of(), e.groupStates(), e.sequence(), Map.of(),
          List.of(new NotifierStore.Outgoing(n, List.of("a", "b", "c")))), 1_000);
      store.sent(store.nextFor("a").id(), 1, 2_000);
      store.failed(store.nextFor("b").id(), 5, true, 0, 2_000, "down");
      assertThat(store.prune(2_000)).as("done at 2 000, not before").isZero();
      assertThat(store.prune(2_001)).isEqualTo(2);
      assertThat(store.nextFor("c").notification()).as("the open row keeps its message").isEqualTo(n);
      assertThat(store.abandonUnknownChannels(java.util.Set.of("a", "b"), 3_000)).isEqualTo(1);
      assertThat(store.outboxStats().pending()).isZero();
    }
  }
}
