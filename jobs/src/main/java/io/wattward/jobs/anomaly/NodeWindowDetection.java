package io.wattward.jobs.anomaly;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.HourOfWeekBaseline;
import io.wattward.anomaly.JumpDetector;
import io.wattward.anomaly.NightBaseLoadDetector;
import io.wattward.anomaly.Verdict;
import io.wattward.config.WattwardConfig;
import io.wattward.schema.Anomaly;
import io.wattward.schema.NodeWindow;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per node, energy type and sub-item: hourly windows in, JUMP and NIGHT_BASE_LOAD anomalies out (open,
 * update, resolve). Only a window's first version is judged: a late correction rewrites the roll-up
 * but does not re-run history through the detectors.
 */
public final class NodeWindowDetection extends KeyedProcessFunction<String, NodeWindow, Anomaly> {


  private final String zoneId;
  private final WattwardConfig.Jump jump;
  private final WattwardConfig.NightBaseLoad night;
  private transient ZoneId zone;
  private transient ValueState<HourOfWeekBaseline> baseline;
  private transient ValueState<NightBaseLoadDetector.Nights> nights;
  private transient ValueState<AnomalyLifecycle.Open> openJump;
  private transient ValueState<AnomalyLifecycle.Open> openNight;

  public NodeWindowDetection(String zoneId, WattwardConfig.Anomalies config) {
    this.zoneId = zoneId;
    this.jump = config.jump();
    this.night = config.nightBaseLoad();
  }

  public static String key(NodeWindow w) {
    return w.getNodeId() + "|" + w.getEnergyType() + "|" + w.getSubItem();
  }

  /** Whether the job needs to look at the window at all. */
  public boolean wanted(NodeWindow w) {
    return "1h".equals(w.getSize()) && w.getVersion() == 1
        && (jump.levels().contains(w.getLevel()) || night.levels().contains(w.getLevel()));
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(zoneId);
    baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline", Types.POJO(HourOfWeekBaseline.class)));
    nights = getRuntimeContext().getState(
        new ValueStateDescriptor<>("nights", Types.POJO(NightBaseLoadDetector.Nights.class)));
    openJump = getRuntimeContext().getState(new ValueStateDescriptor<>("open-jump", Types.POJO(AnomalyLifecycle.Open.class)));
    openNight = getRuntimeContext().getState(
        new ValueStateDescriptor<>("open-night", Types.POJO(AnomalyLifecycle.Open.class)));
  }

  @Override
  public void processElement(NodeWindow w, Context ctx, Collector<Anomaly> out) throws Exception {
    String level = w.getLevel();
    String type = w.getEnergyType();
    long start = w.getWindowStart().toEpochMilli();
    if (jump.levels().contains(level)) {
      HourOfWeekBaseline b = baseline.value() == null ? new HourOfWeekBaseline() : baseline.value();
      JumpDetector detector = new JumpDetector(zone, WattwardConfig.lookup(jump.thresholdPct(), level, type),
          WattwardConfig.lookup(jump.criticalPct(), level, type), WattwardConfig.lookup(jump.minExcessPerHour(), level, type),
          jump.baselineWeight(), jump.minWeeks(), jump.bothWays(), jump.confirmHours());
      Verdict v = detector.judge(b, start, w.getConsumption(), w.getCost(), w.getUnit());
      baseline.update(b);
      if (v != null) {
        openJump.update(step(openJump.value(), subject(AnomalyKind.JUMP.name(), w), v, start, out));
      }
    }
    if (night.levels().contains(level)) {
      NightBaseLoadDetector.Nights n = nights.value() == null ? new NightBaseLoadDetector.Nights() : nights.value();
      NightBaseLoadDetector detector = new NightBaseLoadDetector(zone, night.fromHour(), night.toHour(),
          night.baselineNights(), WattwardConfig.lookup(night.thresholdPct(), level, type),
          WattwardConfig.lookup(night.minExcessPerHour(), level, type), night.consecutiveNights());
      Verdict v = detector.add(n, start, w.getConsumption(), w.getCost(), w.getUnit());
      nights.update(n);
      if (v != null) {
        // judged at the end of the night
        openNight.update(step(openNight.value(), subject(AnomalyKind.NIGHT_BASE_LOAD.name(), w), v, start + 3_600_000L, out));
      }
    }
  }

  private static AnomalyLifecycle.Subject subject(String kind, NodeWindow w) {
    return new AnomalyLifecycle.Subject(kind, w.getLevel(), w.getNodeId(), w.getBuilding(), w.getEnergyType(),
        w.getSubItem(), w.getUnit());
  }

  static AnomalyLifecycle.Open step(AnomalyLifecycle.Open open, AnomalyLifecycle.Subject s, Verdict v, long at,
      Collector<Anomaly> out) {
    AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open, s, v, at);
    if (step.event() != null) {
      out.collect(step.event());
    }
    return step.open();
  }
}
