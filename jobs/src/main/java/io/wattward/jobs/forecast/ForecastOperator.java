package io.wattward.jobs.forecast;

import io.wattward.topology.NodeLevel;
import io.wattward.forecast.stream.AccuracyRow;
import io.wattward.forecast.stream.AccuracyTracker;
import io.wattward.forecast.stream.DailyForecast;
import io.wattward.forecast.stream.Driver;
import io.wattward.forecast.stream.ForecastRow;
import io.wattward.forecast.stream.HourOutlook;
import io.wattward.forecast.stream.NodeHour;
import io.wattward.forecast.stream.OutdoorHour;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.Severity;
import io.wattward.anomaly.Verdict;
import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.HourlyForecast;
import io.wattward.forecast.LoadForecaster;
import io.wattward.schema.Anomaly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per node and energy type: hourly totals in, with the campuses' outdoor temperatures broadcast
 * beside them, the next 24 hours' forecasts out, every hour.
 *
 * <p>Each total is learned by the node's {@link LoadForecaster} (kept Java-serialized in keyed state,
 * about 23 KB with the business-volume driver). Side outputs: day-ahead accuracy (the forecast issued at the local midnight before the
 * hour, as in docs/forecast-quality.md) per local day with the 30 days to it, and FORECAST_RESIDUAL
 * anomalies: the actual outside the prediction interval of the forecast issued an hour before, for
 * {@code confirmHours} hours in a row (critical when twice as far from the forecast as the interval's
 * bound), judged once the forecaster has {@link #WARM_UP_HOURS} hours behind it. An hour inside an open
 * residual anomaly is learned as its forecast, for at most a day: an anomaly should not teach the model
 * (nor, through the same-hour-yesterday input, make tomorrow's normal hour look wrong), but a change that
 * lasts a day is the new normal.
 */
public final class ForecastOperator
    extends KeyedBroadcastProcessFunction<String, NodeHour, Driver, ForecastRow> {

  /** Outdoor temperature by campus|hour start, for the last two days. */
  public static final MapStateDescriptor<String, Double> OUTDOOR =
      new MapStateDescriptor<>("outdoor", Types.STRING, Types.DOUBLE);
  /**
   * Business volume by node|epoch day: the versions published, oldest first, as (published at ms,
   * outpatient visits, inpatient bed-days) triples (NaN: not carried), at most {@link #VOLUME_VERSIONS}.
   */
  public static final MapStateDescriptor<String, double[]> VOLUMES =
      new MapStateDescriptor<>("volumes", Types.STRING, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
  static final int VOLUME_VERSIONS = 4;
  /** Volumes of days this far before the watermark's day are dropped. */
  static final int VOLUME_KEEP_DAYS = 21;

  public static final OutputTag<AccuracyRow> ACCURACY = new OutputTag<>("forecast-accuracy") {};
  public static final OutputTag<Anomaly> ANOMALIES = new OutputTag<>("forecast-anomalies",
      TypeInformation.of(Anomaly.class));
  public static final String FORECAST_RESIDUAL = "FORECAST_RESIDUAL";
  /** Each department hour taken up, with the forecast of the rest of its day: the quota tracker's input. */
  public static final OutputTag<HourOutlook> OUTLOOK = new OutputTag<>("department-outlook") {};
  /** Daily forecasts of the rest of the month (a row per day, every hour). */
  public static final OutputTag<ForecastRow> DAILY = new OutputTag<>("forecast-daily") {};
  private static final long H = 3_600_000L;
  /** three weeks: every hour of the week seen three times, the interval calibrated */
  public static final int WARM_UP_HOURS = 21 * 24;

  private final String zoneId;
  private final HolidayCalendar calendar;
  private final int confirmHours;
  private transient ZoneId zone;
  private transient ValueState<byte[]> forecaster;
  private transient MapState<Long, double[]> issued;
  private transient ValueState<byte[]> accuracy;
  private transient ValueState<AnomalyLifecycle.Open> open;
  private transient ValueState<Integer> outside;
  private transient ValueState<Integer> seen;
  private transient ValueState<byte[]> daily;
  /** Hours received, waiting for the watermark of both inputs to pass their end. */
  private transient MapState<Long, NodeHour> pending;

  public ForecastOperator(String zoneId, HolidayCalendar calendar, int confirmHours) {
    this.zoneId = zoneId;
    this.calendar = calendar;
    this.confirmHours = Math.max(1, confirmHours);
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(zoneId);
    forecaster = getRuntimeContext().getState(new ValueStateDescriptor<>("forecaster",
        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    // hour -> {1-hour-ahead forecast, lower, upper, day-ahead forecast}
    issued = getRuntimeContext().getMapState(new MapStateDescriptor<Long, double[]>("issued", Types.LONG,
        PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    accuracy = getRuntimeContext().getState(new ValueStateDescriptor<>("accuracy",
        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    open = getRuntimeContext().getState(new ValueStateDescriptor<>("open", Types.POJO(AnomalyLifecycle.Open.class)));
    outside = getRuntimeContext().getState(new ValueStateDescriptor<>("outside", Types.INT));
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.INT));
    daily = getRuntimeContext().getState(new ValueStateDescriptor<>("daily",
        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
        Types.POJO(NodeHour.class)));
  }

  @Override
  public void processBroadcastElement(Driver d, Context ctx, Collector<ForecastRow> out) throws Exception {
    if (d.outdoor != null) {
      OutdoorHour t = d.outdoor;
      var state = ctx.getBroadcastState(OUTDOOR);
      state.put(t.campusId + "|" + t.hourStartMs, t.temperatureC);
      state.remove(t.campusId + "|" + (t.hourStartMs - 48 * H));
    }
    if (d.volume != null) {
      long watermark = ctx.currentWatermark();
      long today = watermark == Long.MIN_VALUE ? Long.MIN_VALUE
          : Instant.ofEpochMilli(watermark).atZone(zone).toLocalDate().toEpochDay();
      addVolume(ctx.getBroadcastState(VOLUMES), d.volume, today);
    }
  }

  /**
   * Adds a published version (replacing one published at the same time) and drops the days more than
   * {@link #VOLUME_KEEP_DAYS} before {@code today} (the watermark's day: volumes may be published well
   * ahead of the loads, so the newest volume says nothing about what the forecasters still need).
   */
  static void addVolume(org.apache.flink.api.common.state.BroadcastState<String, double[]> state, VolumeDay v,
      long today) throws Exception {
    String key = v.nodeId + "|" + v.epochDay;
    state.put(key, withVersion(state.get(key), v));
    List<String> old = new java.util.ArrayList<>();
    for (var e : state.entries()) {
      long day = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('|') + 1));
      if (today != Long.MIN_VALUE && day < today - VOLUME_KEEP_DAYS) {
        old.add(e.getKey());
      }
    }
    for (String k : old) {
      state.remove(k);
    }
  }

  /**
   * The versions of a node's day (flat (published at, visits, bed-days) triples, oldest first; null for
   * none) with {@code v} added: it replaces a version published at the same time; the newest
   * {@link #VOLUME_VERSIONS} are kept.
   */
  static double[] withVersion(double[] versions, VolumeDay v) {
    List<double[]> kept = new java.util.ArrayList<>();
    for (int i = 0; versions != null && i < versions.length; i += 3) {
      if (versions[i] != v.publishedAtMs) {
        kept.add(new double[] {versions[i], versions[i + 1], versions[i + 2]});
      }
    }
    kept.add(new double[] {v.publishedAtMs, v.outpatientVisits, v.inpatientBedDays});
    kept.sort(java.util.Comparator.comparingDouble(x -> x[0]));
    List<double[]> last = kept.subList(Math.max(0, kept.size() - VOLUME_VERSIONS), kept.size());
    double[] flat = new double[last.size() * 3];
    for (int i = 0; i < last.size(); i++) {
      System.arraycopy(last.get(i), 0, flat, 3 * i, 3);
    }
    return flat;
  }

  /** The versions kept for a node|epoch day key, or null. */
  @FunctionalInterface
  interface VolumeLookup {
    double[] get(String key) throws Exception;
  }

  /**
   * The node's business volume for a local day as known at {@code asOfMs}: the latest version published
   * by then, for the node, else its building, else its campus; {visits, bed-days} or null if none.
   */
  static double[] knownVolume(VolumeLookup volumes, NodeHour h, long epochDay, long asOfMs) throws Exception {
    for (String node : new String[] {h.nodeId, h.building, campus(h.nodeId)}) {
      if (node == null || node.isEmpty()) {
        continue;
      }
      double[] versions = volumes.get(node + "|" + epochDay);
      for (int i = versions == null ? -3 : versions.length - 3; i >= 0; i -= 3) {
        if (versions[i] <= asOfMs) {
          return new double[] {versions[i + 1], versions[i + 2]};
        }
      }
    }
    return null;
  }

  /** The campus a node belongs to: its first two path segments (hospital/campus). */
  static String campus(String nodeId) {
    int first = nodeId.indexOf('/');
    int second = first < 0 ? -1 : nodeId.indexOf('/', first + 1);
    return second < 0 ? nodeId : nodeId.substring(0, second);
  }

  /**
   * An hour is taken up once the watermark of both inputs passes its end, so the outdoor temperature and
   * the volumes published by then are in the broadcast state whatever order the inputs arrive in.
   */
  @Override
  public void processElement(NodeHour h, ReadOnlyContext ctx, Collector<ForecastRow> out) throws Exception {
    long end = h.hourStartMs + H;
    if (end <= ctx.timerService().currentWatermark()) {
      process(h, ctx, out);
      return;
    }
    pending.put(h.hourStartMs, h);
    ctx.timerService().registerEventTimeTimer(end);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ForecastRow> out) throws Exception {
    NodeHour h = pending.get(timestamp - H);
    if (h != null) {
      pending.remove(timestamp - H);
      process(h, ctx, out);
    }
  }

  private void process(NodeHour h, ReadOnlyContext ctx, Collector<ForecastRow> out) throws Exception {
    LoadForecaster f = forecaster.value() == null
        ? new LoadForecaster(ForecastSettings.defaults().withBusinessVolume(true))
        : read(forecaster.value(), LoadForecaster.class);
    AccuracyTracker acc = accuracy.value() == null ? new AccuracyTracker() : read(accuracy.value(), AccuracyTracker.class);
    LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(h.hourStartMs), zone);
    double[] before = issued.get(h.hourStartMs);
    issued.remove(h.hourStartMs);
    int hoursSeen = seen.value() == null ? 0 : seen.value();
    seen.update(hoursSeen + 1);
    double learned = h.consumption;
    if (before != null) {
      if (hoursSeen >= WARM_UP_HOURS) {
        residual(h, before, ctx);
        AnomalyLifecycle.Open o = open.value();
        if (o != null && h.hourStartMs - o.startedAt < 24 * H && !Double.isNaN(before[0])) {
          learned = before[0];
        }
      }
      if (!Double.isNaN(before[3])) {
        long day = local.toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
        acc.add(day, h.consumption, before[3]);
        if (local.getHour() == 23) {
          AccuracyRow row = acc.row(h.level, h.nodeId, h.energyType, day);
          if (row != null) {
            ctx.output(ACCURACY, row);
          }
        }
      }
    }
    // the volumes known when this forecast is issued, for the day learned from to the last day forecast
    long next = h.hourStartMs + H; // the issue time of this hour's forecasts
    var volumes = ctx.getBroadcastState(VOLUMES);
    long lastDay = Instant.ofEpochMilli(next + (LoadForecaster.HORIZON_HOURS - 1) * H).atZone(zone).toLocalDate()
        .toEpochDay();
    for (long day = local.toLocalDate().toEpochDay(); day <= lastDay; day++) {
      double[] v = knownVolume(volumes::get, h, day, next);
      if (v != null) {
        f.planBusinessVolume(java.time.LocalDate.ofEpochDay(day), v[0], v[1]);
      }
    }
    Double temperature = ctx.getBroadcastState(OUTDOOR).get(campus(h.nodeId) + "|" + h.hourStartMs);
    f.observe(local, learned, temperature == null ? Double.NaN : temperature, calendar);
    ZonedDateTime nextLocal = Instant.ofEpochMilli(next).atZone(zone);
    List<HourlyForecast> forecasts = f.forecast(nextLocal.toLocalDateTime(), calendar);
    boolean midnight = nextLocal.getHour() == 0;
    for (int i = 0; i < forecasts.size(); i++) {
      HourlyForecast hf = forecasts.get(i);
      if (!hf.known()) {
        continue;
      }
      long hourMs = hf.hourStart().atZone(zone).toInstant().toEpochMilli();
      ForecastRow r = new ForecastRow();
      r.level = h.level;
      r.nodeId = h.nodeId;
      r.energyType = h.energyType;
      r.unit = h.unit;
      r.issuedAtMs = next;
      r.hourStartMs = hourMs;
      r.horizonHours = i + 1;
      r.forecast = hf.energyKwh();
      r.lower = hf.lowerKwh();
      r.upper = hf.upperKwh();
      out.collect(r);
      double[] kept = issued.get(hourMs);
      if (kept == null) {
        kept = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
      }
      if (i == 0) {
        kept[0] = hf.energyKwh();
        kept[1] = hf.lowerKwh();
        kept[2] = hf.upperKwh();
      }
      if (midnight) {
        kept[3] = hf.energyKwh();
      }
      if (i == 0 || midnight) {
        issued.put(hourMs, kept);
      }
    }
    forecaster.update(write(f));
    accuracy.update(write(acc));
    // the rest of today and of the month, at daily resolution
    DailyForecast days = daily.value() == null ? new DailyForecast() : read(daily.value(), DailyForecast.class);
    days.add(local.toLocalDate(), h.consumption);
    java.time.LocalDate today = nextLocal.toLocalDate();
    double restOfToday = 0;
    boolean allKnown = true;
    for (HourlyForecast hf : forecasts) {
      if (hf.hourStart().toLocalDate().equals(today)) {
        if (hf.known()) {
          restOfToday += hf.energyKwh();
        } else {
          allKnown = false;
        }
      }
    }
    if (NodeLevel.DEPARTMENT.is(h.level)) {
      HourOutlook o = new HourOutlook();
      o.hour = h;
      // the hour just taken up ended a day: nothing of that day is left
      o.restOfToday = !today.equals(local.toLocalDate()) ? 0 : allKnown ? restOfToday : Double.NaN;
      ctx.output(OUTLOOK, o);
    }
    if (nextLocal.getHour() == 0 || forecasts.stream().anyMatch(HourlyForecast::known)) {
      for (DailyForecast.Day d : days.restOfMonth(today, restOfToday, calendar)) {
        ForecastRow r = new ForecastRow();
        r.level = h.level;
        r.nodeId = h.nodeId;
        r.energyType = h.energyType;
        r.unit = h.unit;
        r.issuedAtMs = next;
        r.hourStartMs = d.day().atStartOfDay(zone).toInstant().toEpochMilli();
        r.horizonHours = 0;
        r.forecast = d.forecast();
        r.lower = d.lower();
        r.upper = d.upper();
        ctx.output(DAILY, r);
      }
    }
    daily.update(write(days));
  }

  private void residual(NodeHour h, double[] before, ReadOnlyContext ctx) throws Exception {
    if (Double.isNaN(before[0])) {
      return;
    }
    double actual = h.consumption;
    boolean above = actual > before[2];
    boolean below = actual < before[1];
    AnomalyLifecycle.Subject s = new AnomalyLifecycle.Subject(FORECAST_RESIDUAL, h.level, h.nodeId, h.building,
        h.energyType, "", h.unit);
    Verdict v;
    if (above || below) {
      int run = (outside.value() == null ? 0 : outside.value()) + 1;
      outside.update(run);
      if (run < confirmHours && open.value() == null) {
        return;
      }
      double half = Math.max(1e-9, (before[2] - before[1]) / 2);
      double distance = Math.abs(actual - before[0]);
      double pct = before[0] > 0 ? 100 * (actual - before[0]) / before[0] : 0;
      double price = actual > 0 ? h.cost / actual : 0;
      double excess = above ? actual - before[2] : 0;
      v = Verdict.abnormal(distance > 2 * half ? Severity.CRITICAL : Severity.WARNING, before[0], actual,
          Math.max(-999.9, Math.min(999.9, pct)), excess, excess * price,
          String.format("%.2f %s in the hour, outside the forecast %.2f [%.2f, %.2f]", actual, h.unit, before[0],
              before[1], before[2])).since(h.hourStartMs - (run - 1) * H);
    } else {
      outside.update(0);
      v = Verdict.normal(before[0], actual);
    }
    AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open.value(), s, v, h.hourStartMs);
    if (step.event() != null) {
      ctx.output(ANOMALIES, step.event());
    }
    open.update(step.open());
  }

  static byte[] write(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  static <T> T read(byte[] b, Class<T> type) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return type.cast(in.readObject());
    }
  }
}
