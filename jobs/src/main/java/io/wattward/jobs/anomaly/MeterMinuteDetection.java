package io.wattward.jobs.anomaly;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.FlatlineDetector;
import io.wattward.anomaly.Severity;
import io.wattward.anomaly.Verdict;
import io.wattward.config.WattwardConfig;
import io.wattward.schema.Anomaly;
import io.wattward.schema.MeterMinuteRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per meter: meter-minutes in, FLATLINE and OFFLINE anomalies out. Offline is found by an event-time
 * timer set {@code offline.minutes} after the meter's last minute: when the watermark (moved on by
 * every other meter) passes it, the meter is offline, whether or not it ever reports again; it turns
 * critical after {@code offline.criticalMinutes}, and resolves with its next minute. A silence the timer did
 * not see (input read in a burst, the watermark past it only after the meter's next minute) is found from the
 * gap itself when that minute comes: the anomaly opens from the silence's start and resolves at once.
 */
public final class MeterMinuteDetection extends KeyedProcessFunction<String, MeterMinuteRecord, Anomaly> {

  private static final long MINUTE = 60_000L;

  private final String zoneId;
  private final WattwardConfig.Flatline flatline;
  private final WattwardConfig.Offline offline;
  /** meter id to its building node id, for routing */
  private final Map<String, String> buildings;
  private transient ZoneId zone;
  private transient ValueState<FlatlineDetector.Run> run;
  private transient ValueState<AnomalyLifecycle.Open> openFlatline;
  private transient ValueState<AnomalyLifecycle.Open> openOffline;
  private transient ValueState<MeterMinuteRecord> last;
  private transient ValueState<Long> timer;
  /** per energy type: settings looked up once, not per meter-minute */
  private transient Map<String, FlatlineDetector> flatlines;
  private transient Map<String, long[]> offlineMs;

  public MeterMinuteDetection(String zoneId, WattwardConfig.Anomalies config, Map<String, String> buildings) {
    this.zoneId = zoneId;
    this.flatline = config.flatline();
    this.offline = config.offline();
    this.buildings = Map.copyOf(buildings);
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(zoneId);
    run = getRuntimeContext().getState(new ValueStateDescriptor<>("flatline", Types.POJO(FlatlineDetector.Run.class)));
    openFlatline = getRuntimeContext().getState(
        new ValueStateDescriptor<>("open-flatline", Types.POJO(AnomalyLifecycle.Open.class)));
    openOffline = getRuntimeContext().getState(
        new ValueStateDescriptor<>("open-offline", Types.POJO(AnomalyLifecycle.Open.class)));
    last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", MeterMinuteRecord.class));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
    flatlines = new java.util.HashMap<>();
    offlineMs = new java.util.HashMap<>();
  }

  private AnomalyLifecycle.Subject subject(String kind, MeterMinuteRecord m) {
    return new AnomalyLifecycle.Subject(kind, "meter", m.getMeterId(), buildings.getOrDefault(m.getMeterId(), ""),
        m.getEnergyType(), m.getMeterId(), m.getUnit());
  }

  private double setting(Map<String, Double> values, MeterMinuteRecord m) {
    return WattwardConfig.lookup(values, "meter", m.getEnergyType());
  }

  /** {offline, critical} in ms for the meter's energy type. */
  private long[] offline(MeterMinuteRecord m) {
    return offlineMs.computeIfAbsent(m.getEnergyType(), t -> new long[] {
        (long) (setting(offline.minutes(), m) * MINUTE), (long) (setting(offline.criticalMinutes(), m) * MINUTE)});
  }

  @Override
  public void processElement(MeterMinuteRecord m, Context ctx, Collector<Anomaly> out) throws Exception {
    long minute = m.getMinuteStart().toEpochMilli();
    MeterMinuteRecord previous = last.value();
    if (previous == null || minute > previous.getMinuteStart().toEpochMilli()) {
      last.update(m);
      AnomalyLifecycle.Open offlineOpen = openOffline.value();
      if (offlineOpen == null && previous != null) {
        // a silence the timer did not see: when input is read in a burst (catching up after an outage, a
        // replay) the watermark jumps past the timer's time only after the meter's next minute came
        long silentSince = previous.getMinuteStart().toEpochMilli() + MINUTE;
        if (minute - silentSince >= offline(m)[0]) {
          offlineOpen = Lifecycles.step(null, subject(AnomalyKind.OFFLINE.name(), m),
              silence(m, silentSince, minute), silentSince, out);
        }
      }
      if (offlineOpen != null) {
        openOffline.update(Lifecycles.step(offlineOpen, subject(AnomalyKind.OFFLINE.name(), m),
            Verdict.normal(0, 0), minute, out));
      }
      Long t = timer.value();
      if (t != null) {
        ctx.timerService().deleteEventTimeTimer(t);
      }
      long due = minute + MINUTE + offline(m)[0];
      ctx.timerService().registerEventTimeTimer(due);
      timer.update(due);
    }
    FlatlineDetector.Run r = run.value() == null ? new FlatlineDetector.Run() : run.value();
    FlatlineDetector detector = flatlines.computeIfAbsent(m.getEnergyType(), t -> new FlatlineDetector(zone,
        (int) setting(flatline.minutes(), m), setting(flatline.minExpectedInRun(), m), MINUTE, flatline.minReadings(),
        flatline.routineDays()));
    Verdict v = detector.add(r, minute, Math.round(m.getConsumption() * 1000), m.getUnit());
    run.update(r);
    if (v != null) {
      openFlatline.update(Lifecycles.step(openFlatline.value(), subject(AnomalyKind.FLATLINE.name(), m),
          v.abnormal() ? v.since(r.startMs) : v, minute, out));
    }
  }

  /** The verdict on a meter silent from {@code silentSince} to {@code until}: critical once long enough. */
  private Verdict silence(MeterMinuteRecord m, long silentSince, long until) {
    long silentMinutes = (until - silentSince) / MINUTE;
    Severity severity = silentMinutes * MINUTE >= offline(m)[1] ? Severity.CRITICAL : Severity.WARNING;
    return Verdict.abnormal(severity, 0, 0, 0, 0, 0, "no data since " + Instant.ofEpochMilli(silentSince)
        + " (" + silentMinutes + " minutes by event time)");
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
    MeterMinuteRecord m = last.value();
    if (m == null || ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // the end of a bounded input is not silence
    }
    long silentSince = m.getMinuteStart().toEpochMilli() + MINUTE;
    long critical = offline(m)[1];
    Verdict v = silence(m, silentSince, timestamp);
    boolean first = openOffline.value() == null;
    openOffline.update(Lifecycles.step(openOffline.value(), subject(AnomalyKind.OFFLINE.name(), m), v,
        first ? silentSince : timestamp, out));
    if (v.severity() != Severity.CRITICAL) {
      long due = silentSince + critical;
      ctx.timerService().registerEventTimeTimer(due);
      timer.update(due);
    } else {
      timer.clear();
    }
  }
}
