package io.wattward.jobs.anomaly;

import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.Verdict;
import io.wattward.schema.Anomaly;
import org.apache.flink.util.Collector;

/** The anomaly job's operators' one move of an anomaly's lifecycle: observe the verdict, publish its event. */
final class Lifecycles {

  private Lifecycles() {}

  /** Observes {@code v} at {@code at}; emits the event it gives, if any; returns what stays open. */
  static AnomalyLifecycle.Open step(AnomalyLifecycle.Open open, AnomalyLifecycle.Subject s, Verdict v, long at,
      Collector<Anomaly> out) {
    AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open, s, v, at);
    if (step.event() != null) {
      out.collect(step.event());
    }
    return step.open();
  }
}
