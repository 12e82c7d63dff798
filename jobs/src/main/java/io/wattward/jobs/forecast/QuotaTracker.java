package io.wattward.jobs.forecast;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.Verdict;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.HourOutlook;
import io.wattward.forecast.stream.NodeHour;
import io.wattward.quota.KpiStatus;
import io.wattward.quota.QuotaCheck;
import io.wattward.quota.QuotaProjection;
import io.wattward.schema.Anomaly;
import io.wattward.schema.KpiQuota;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per department and energy type: hourly totals in as the department's forecaster took them up (with
 * its forecast of the rest of the day), with the quotas broadcast beside them; after each hour, the standing against the month's and the year's quota out ({@link KpiStatus}), and QUOTA
 * anomalies (subject: the period): a WARNING when the projection for the period's end reaches
 * {@code warningPct} of the quota, raised to CRITICAL (the alarm) when the consumption to date passes
 * the quota; resolved when the projection falls back below the warning share or at the period's end.
 */
public final class QuotaTracker extends KeyedBroadcastProcessFunction<String, HourOutlook, KpiQuota, KpiStatus> {

  public static final MapStateDescriptor<String, KpiQuota> QUOTAS =
      new MapStateDescriptor<>("quotas", Types.STRING, TypeInformation.of(KpiQuota.class));
  public static final OutputTag<Anomaly> ANOMALIES = new OutputTag<>("quota-anomalies", TypeInformation.of(Anomaly.class));
  static final String PROJECTION_STATE = "projection";

  private final String zoneId;
  private final HolidayCalendar calendar;
  private final double warningPct;
  private transient ZoneId zone;
  private transient ValueState<QuotaProjection> projection;
  private transient MapState<String, Double> toDate;
  private transient MapState<String, AnomalyLifecycle.Open> open;

  public QuotaTracker(String zoneId, HolidayCalendar calendar, double warningPct) {
    this.zoneId = zoneId;
    this.calendar = calendar;
    this.warningPct = warningPct;
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(zoneId);
    projection = getRuntimeContext().getState(new ValueStateDescriptor<>(PROJECTION_STATE,
        new VersionedSerializer<>(PROJECTION_STATE, new ForecastStateCodecs.Projection())));
    toDate = getRuntimeContext().getMapState(new MapStateDescriptor<>("to-date", Types.STRING, Types.DOUBLE));
    open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open", Types.STRING,
        Types.POJO(AnomalyLifecycle.Open.class)));
  }

  @Override
  public void processBroadcastElement(KpiQuota q, Context ctx, Collector<KpiStatus> out) throws Exception {
    ctx.getBroadcastState(QUOTAS).put(q.getDepartmentId() + "|" + q.getEnergyType() + "|" + q.getPeriod(), q);
  }

  @Override
  public void processElement(HourOutlook outlook, ReadOnlyContext ctx, Collector<KpiStatus> out) throws Exception {
    NodeHour h = outlook.hour;
    LocalDateTime hour = LocalDateTime.ofInstant(Instant.ofEpochMilli(h.hourStartMs), zone);
    String month = hour.toLocalDate().toString().substring(0, 7);
    String year = month.substring(0, 4);
    if (outlook.correction) {
      // late readings changed an hour already totalled: its periods' use and its day; the next hour's status
      // says it. A correction may overtake its hour (the hour waits for its forecast, the correction does
      // not): it counts the same, and a period that has ended drops it with its sum at the next hour.
      for (String period : List.of(month, year)) {
        Double used = toDate.get(period);
        toDate.put(period, (used == null ? 0 : used) + h.consumption);
      }
      QuotaProjection p = projection.value() == null ? new QuotaProjection() : projection.value();
      p.correct(hour, h.consumption);
      projection.update(p);
      return;
    }
    closeEndedPeriods(h, month, year, ctx);
    QuotaProjection p = projection.value() == null ? new QuotaProjection() : projection.value();
    p.add(hour, h.consumption);
    projection.update(p);
    for (String period : List.of(month, year)) {
      double used = (toDate.get(period) == null ? 0 : toDate.get(period)) + h.consumption;
      toDate.put(period, used);
      KpiQuota q = ctx.getBroadcastState(QUOTAS).get(h.nodeId + "|" + h.energyType + "|" + period);
      if (q != null) {
        double projected = p.project(start(period), end(period), hour, used, outlook.restOfToday, calendar);
        QuotaCheck check = QuotaCheck.of(h.nodeId, h.energyType, period, h.hourStartMs + 3_600_000L, used,
            projected, q.getQuota(), q.getUnit(), h.consumption > 0 ? h.cost / h.consumption : 0, warningPct);
        out.collect(check.status());
        observe(h, period, check.verdict(), check.status().asOfMs, ctx);
      }
    }
  }

  /** A period that is over: its anomaly resolves at its end, its sum is dropped. */
  private void closeEndedPeriods(NodeHour h, String month, String year, ReadOnlyContext ctx) throws Exception {
    List<String> ended = new ArrayList<>();
    for (String period : toDate.keys()) {
      if (!period.equals(month) && !period.equals(year)) {
        ended.add(period);
      }
    }
    for (String period : ended) {
      toDate.remove(period);
      AnomalyLifecycle.Open o = open.get(period);
      if (o != null) {
        long end = end(period).atStartOfDay(zone).toInstant().toEpochMilli();
        ctx.output(ANOMALIES, AnomalyLifecycle.observe(o, subject(h, period), Verdict.normal(0, 0), end).event());
        open.remove(period);
      }
    }
  }

  /** Moves the period's QUOTA anomaly on by the verdict, publishing what changed. */
  private void observe(NodeHour h, String period, Verdict v, long atMs, ReadOnlyContext ctx) throws Exception {
    AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open.get(period), subject(h, period), v, atMs);
    if (step.event() != null) {
      ctx.output(ANOMALIES, step.event());
    }
    if (step.open() == null) {
      open.remove(period);
    } else {
      open.put(period, step.open());
    }
  }

  private static AnomalyLifecycle.Subject subject(NodeHour h, String period) {
    return new AnomalyLifecycle.Subject(AnomalyKind.QUOTA.name(), h.level, h.nodeId, h.building, h.energyType, period, h.unit);
  }

  static LocalDate start(String period) {
    return period.length() == 7 ? LocalDate.parse(period + "-01") : LocalDate.parse(period + "-01-01");
  }

  static LocalDate end(String period) {
    return period.length() == 7 ? start(period).plusMonths(1) : start(period).plusYears(1);
  }
}
