package io.wattward.jobs.anomaly;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.Severity;
import io.wattward.anomaly.Verdict;
import io.wattward.anomaly.rules.RuleMatch;
import io.wattward.schema.Anomaly;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per rule and node: rule matches in, anomalies of kind {@code RULE:<name>} out. The first match opens
 * one; it resolves when the rule has not matched for {@code resolveAfterMs} of event time (a rule
 * states when something is wrong, not when it is right again).
 */
public final class RuleAnomalies extends KeyedProcessFunction<String, RuleMatch, Anomaly> {

  private final long resolveAfterMs;
  private transient ValueState<AnomalyLifecycle.Open> open;
  private transient ValueState<RuleMatch> last;

  public RuleAnomalies(long resolveAfterMs) {
    this.resolveAfterMs = resolveAfterMs;
  }

  @Override
  public void open(OpenContext openContext) {
    open = getRuntimeContext().getState(new ValueStateDescriptor<>("open", Types.POJO(AnomalyLifecycle.Open.class)));
    last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.POJO(RuleMatch.class)));
  }

  private static AnomalyLifecycle.Subject subject(RuleMatch m) {
    return new AnomalyLifecycle.Subject(AnomalyKind.rule(m.rule), "rule", m.nodeId, m.building, m.energyType, m.rule, "");
  }

  @Override
  public void processElement(RuleMatch m, Context ctx, Collector<Anomaly> out) throws Exception {
    double pct = m.expected != 0 ? 100 * (m.value - m.expected) / m.expected : 0;
    Verdict v = Verdict.abnormal(Severity.valueOf(m.severity), m.expected, m.value, pct, 0, 0, m.detail);
    AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open.value(), subject(m), v, m.timeMs);
    if (step.event() != null) {
      out.collect(step.event());
    }
    open.update(step.open());
    last.update(m);
    ctx.timerService().registerEventTimeTimer(m.timeMs + resolveAfterMs);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
    RuleMatch m = last.value();
    if (m == null || open.value() == null || m.timeMs + resolveAfterMs != timestamp
        || ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // a newer match moved the deadline, or the input ended
    }
    AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open.value(), subject(m), Verdict.normal(0, 0), timestamp);
    out.collect(step.event());
    open.clear();
    last.clear(); // resolved: nothing of this rule and node is needed until it matches again
  }
}
