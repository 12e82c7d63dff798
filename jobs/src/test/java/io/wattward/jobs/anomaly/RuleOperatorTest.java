package io.wattward.jobs.anomaly;


import io.wattward.anomaly.rules.RuleEngineTest;
import io.wattward.anomaly.rules.RuleInput;
import io.wattward.anomaly.rules.RuleMatch;
import io.wattward.anomaly.rules.RuleSetSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules operator reloads a changed rules file, keeps the running rules on a bad one, takes from the
 * topic only signed rule sets, and orders by event time.
 */
class RuleOperatorTest {

  private static final long T0 = Instant.parse("2026-01-10T02:00:00Z").toEpochMilli();
  private static final long Q = 15 * 60_000L;
  static final RuleSetSignature SIGNATURE = RuleSetSignature.withSecret("0123456789abcdef0123456789abcdef-test");

  @TempDir Path dir;

  private int step;

  private void feed(KeyedTwoInputStreamOperatorTestHarness<Integer, RuleInput, String, RuleMatch> h, double kwh)
      throws Exception {
    long start = T0 + step * Q;
    step++;
    // the window arrives before the outdoor minute it will be paired with: the operator orders them
    h.processElement1(new StreamRecord<>(RuleInput.of(RuleEngineTest.chiller(start, kwh)), start));
    h.processElement1(new StreamRecord<>(RuleInput.of(RuleEngineTest.outdoor(start, 6.0)), start));
    h.processWatermark1(new Watermark(start + Q));
    h.processWatermark2(new Watermark(Long.MAX_VALUE));
  }

  private void rewrite(Path file, String text, int second) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000L * second));
  }

  @Test
  void aChangedFileIsReloadedAndABadOneLeavesTheRunningRules() throws Exception {
    Path file = dir.resolve("rules.yaml");
    rewrite(file, RuleEngineTest.CHILLER_RULE, 1);
    KeyedTwoInputStreamOperatorTestHarness<Integer, RuleInput, String, RuleMatch> h =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new RuleOperator(file.toString(), 0, SIGNATURE), in -> 0, s -> 0,
            Types.INT);

    feed(h, 80); // 320 kW > 300: a match
    rewrite(file, RuleEngineTest.CHILLER_RULE.replace("> 300", "> 350"), 2);
    feed(h, 80); // 320 kW, not above the new 350
    feed(h, 90); // 360 kW: a match
    rewrite(file, RuleEngineTest.CHILLER_RULE.replace("> 300", "> 350 and"), 3);
    feed(h, 90); // the broken file is rejected; 350 still applies: two matches (the outdoor minute pairs with
    // the last quarter, 360 kW, then the new quarter, 360 kW, pairs with it)
    h.processElement2(new StreamRecord<>(SIGNATURE.sign(RuleEngineTest.CHILLER_RULE.replace("> 300", "> 400")), T0));
    feed(h, 90); // the topic's rule set: 360 is not above 400

    List<Double> values = h.extractOutputValues().stream().map(m -> m.value).toList();
    assertThat(values).containsExactly(320.0, 360.0, 360.0, 360.0);
    assertThat(h.getSideOutput(RuleOperator.REJECTED)).hasSize(1);
    assertThat(h.getSideOutput(RuleOperator.REJECTED).peek().getValue())
        .contains("rule 'chiller-hard-in-the-cold' does not compile", "the 1 running rules stay");
    h.close();
  }

  @Test
  void onlyASignedRuleSetFromTheTopicIsLoadedAndAMaliciousFileIsRefused() throws Exception {
    Path file = dir.resolve("rules.yaml");
    Path marker = dir.resolve("touched");
    rewrite(file, RuleEngineTest.CHILLER_RULE, 1);
    KeyedTwoInputStreamOperatorTestHarness<Integer, RuleInput, String, RuleMatch> h =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new RuleOperator(file.toString(), 0, SIGNATURE), in -> 0,
            s -> 0, Types.INT);
    String above400 = RuleEngineTest.CHILLER_RULE.replace("> 300", "> 400");

    h.processElement2(new StreamRecord<>(above400, T0)); // unsigned
    h.processElement2(new StreamRecord<>(SIGNATURE.sign(RuleEngineTest.CHILLER_RULE).replace("> 300", "> 400"), T0));
    h.processElement2(new StreamRecord<>(RuleSetSignature.withSecret("another secret of at least 32 characters")
        .sign(above400), T0));
    feed(h, 90); // 360 kW: the file's 300 still applies
    rewrite(file, RuleEngineTest.CHILLER_RULE.replace("n.building as building",
        "java.lang.Runtime.getRuntime().exec('touch " + marker + "') as building"), 2);
    feed(h, 90); // the file's malicious rule is refused: still a match
    h.processElement2(new StreamRecord<>(SIGNATURE.sign(above400), T0));
    feed(h, 90); // 360 is not above 400

    assertThat(h.extractOutputValues().stream().map(m -> m.value).toList()).containsExactly(360.0, 360.0, 360.0);
    List<String> rejected = h.getSideOutput(RuleOperator.REJECTED).stream().map(r -> r.getValue()).toList();
    assertThat(rejected).hasSize(4);
    assertThat(rejected.get(0)).contains("anomaly-rules topic not loaded", "the rule set is not signed");
    assertThat(rejected.get(1)).contains("signature does not match its text");
    assertThat(rejected.get(2)).contains("signature does not match its text");
    assertThat(rejected.get(3)).contains(file.toString(), "rule 'chiller-hard-in-the-cold' is refused",
        "java.lang.Runtime", "the 1 running rules stay");
    assertThat(marker).doesNotExist();
    h.close();
  }
}
