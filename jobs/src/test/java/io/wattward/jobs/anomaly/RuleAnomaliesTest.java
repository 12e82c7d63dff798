package io.wattward.jobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.anomaly.rules.RuleMatch;
import io.wattward.config.WattwardConfig;
import io.wattward.schema.Anomaly;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule's anomaly per rule and node: the first match opens it, it resolves {@code resolveAfterMs} (default
 * 30 minutes) of event time after the last match, and not at the end of a bounded input. Once resolved,
 * nothing is kept: no timer, no state.
 */
class RuleAnomaliesTest {

  private static final long T0 = Instant.parse("2026-01-10T02:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;

  private KeyedOneInputStreamOperatorTestHarness<String, RuleMatch, Anomaly> harness;

  @BeforeEach
  void open() throws Exception {
    long resolveAfterMs = WattwardConfig.load(null, Map.of()).anomalies().rules().resolveAfterMs();
    assertThat(resolveAfterMs).isEqualTo(30 * MINUTE);
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new RuleAnomalies(resolveAfterMs), RuleMatch::key,
        Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void match(int minute, double kw) throws Exception {
    RuleMatch m = new RuleMatch();
    m.rule = "chiller-hard-in-the-cold";
    m.severity = "WARNING";
    m.nodeId = "PPH/MAIN/CHILLER1";
    m.building = "PPH/MAIN";
    m.energyType = "ELECTRICITY";
    m.value = kw;
    m.expected = 300;
    m.detail = kw + " kW";
    m.timeMs = T0 + minute * MINUTE;
    harness.processElement(new StreamRecord<>(m, m.timeMs));
  }

  private List<String> events() {
    return harness.extractOutputValues().stream().map(a -> a.getKind() + " " + a.getStatus() + " since minute "
        + (a.getStartedAt().toEpochMilli() - T0) / MINUTE
        + (a.getEndedAt() == null ? "" : " ended minute " + (a.getEndedAt().toEpochMilli() - T0) / MINUTE)).toList();
  }

  @Test
  void aMatchOpensAndItResolvesThirtyMinutesAfterTheLastMatchWithNothingLeft() throws Exception {
    match(0, 320); // opens
    match(10, 330); // +3.3 points of deviation: no update; the deadline moves from minute 30 to 40
    assertThat(events()).containsExactly("RULE:chiller-hard-in-the-cold OPEN since minute 0");
    assertThat(harness.numEventTimeTimers()).as("the first deadline is left to fire for nothing").isEqualTo(2);
    harness.processWatermark(T0 + 39 * MINUTE);
    assertThat(events()).hasSize(1);
    harness.processWatermark(T0 + 40 * MINUTE);
    assertThat(events()).containsExactly("RULE:chiller-hard-in-the-cold OPEN since minute 0",
        "RULE:chiller-hard-in-the-cold RESOLVED since minute 0 ended minute 40");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void theEndOfABoundedInputDoesNotResolve() throws Exception {
    match(0, 320);
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(events()).containsExactly("RULE:chiller-hard-in-the-cold OPEN since minute 0");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).as("the open anomaly and its last match").isEqualTo(2);
  }

  @Test
  void aMatchAfterTheResolutionOpensANewAnomaly() throws Exception {
    match(0, 320);
    harness.processWatermark(T0 + 30 * MINUTE);
    match(45, 320);
    assertThat(events()).containsExactly("RULE:chiller-hard-in-the-cold OPEN since minute 0",
        "RULE:chiller-hard-in-the-cold RESOLVED since minute 0 ended minute 30",
        "RULE:chiller-hard-in-the-cold OPEN since minute 45");
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }
}
