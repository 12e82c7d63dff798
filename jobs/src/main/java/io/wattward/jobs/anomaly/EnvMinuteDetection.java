package io.wattward.jobs.anomaly;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.EnvRangeDetector;
import io.wattward.anomaly.Verdict;
import io.wattward.config.WattwardConfig;
import io.wattward.schema.Anomaly;
import io.wattward.schema.EnvMinute;
import io.wattward.topology.EnvFactor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per room: environment minutes in, ENV_OUT_OF_RANGE anomalies out, one per factor (an operating room's
 * humidity above 60 % for ten minutes opens one; back in range for five minutes resolves it).
 */
public final class EnvMinuteDetection extends KeyedProcessFunction<String, EnvMinute, Anomaly> {


  private final WattwardConfig.EnvironmentRange config;
  private transient MapState<String, EnvRangeDetector.Run> runs;
  private transient MapState<String, AnomalyLifecycle.Open> open;

  public EnvMinuteDetection(WattwardConfig.EnvironmentRange config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    runs = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("runs", Types.STRING, Types.POJO(EnvRangeDetector.Run.class)));
    open = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("open", Types.STRING, Types.POJO(AnomalyLifecycle.Open.class)));
  }

  static Double value(EnvMinute m, EnvFactor f) {
    return switch (f) {
      case TEMPERATURE -> m.getTemperatureC();
      case HUMIDITY -> m.getHumidityPct();
      case CO2 -> m.getCo2Ppm();
      case VOC -> m.getVocPpb();
      case PM25 -> m.getPm25UgM3();
      case ILLUMINANCE -> m.getIlluminanceLux();
    };
  }

  @Override
  public void processElement(EnvMinute m, Context ctx, Collector<Anomaly> out) throws Exception {
    EnvRangeDetector detector = new EnvRangeDetector(config.minMinutes(), config.clearMinutes(), config.criticalMinutes());
    long minute = m.getMinuteStart().toEpochMilli();
    for (EnvFactor f : EnvFactor.values()) {
      Double v = value(m, f);
      boolean isOut = m.getOutOfRange().contains(f.field);
      EnvRangeDetector.Run r = runs.get(f.field);
      if (v == null || (r == null && !isOut)) {
        continue; // nothing to judge, nothing going on
      }
      if (r == null) {
        r = new EnvRangeDetector.Run();
      }
      Verdict verdict = detector.add(r, minute, isOut, v, f.field, m.getRoomType());
      AnomalyLifecycle.Open o = open.get(f.field);
      if (verdict != null) {
        AnomalyLifecycle.Subject s = new AnomalyLifecycle.Subject(AnomalyKind.ENV_OUT_OF_RANGE.name(), m.getLevel(), m.getNodeId(),
            m.getBuilding(), "", f.field, f.unit);
        // an anomaly starts where its run of minutes out started, and ends where the minutes in range began
        long at = verdict.abnormal() ? (o == null ? minute - (r.out - 1) * 60_000L : minute)
            : minute - (r.in - 1) * 60_000L;
        o = Lifecycles.step(o, s, verdict, at, out);
      }
      if (o == null) {
        open.remove(f.field);
      } else {
        open.put(f.field, o);
      }
      if (r.out == 0 && r.in >= config.clearMinutes() && o == null) {
        runs.remove(f.field); // back to normal: keep no state
      } else {
        runs.put(f.field, r);
      }
    }
  }
}
