package io.wattward.jobs.forecast;

import io.wattward.config.WattwardConfig;

import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.AccuracyRow;
import io.wattward.forecast.stream.Driver;
import io.wattward.forecast.stream.ForecastRow;
import io.wattward.forecast.stream.HourOutlook;
import io.wattward.forecast.stream.NodeForecastState;
import io.wattward.forecast.stream.NodeForecastStep;
import io.wattward.forecast.stream.NodeHour;
import io.wattward.forecast.stream.OutdoorHour;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.forecast.stream.VolumeVersions;
import io.wattward.schema.Anomaly;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per node and energy type: hourly totals in, with the campuses' outdoor temperatures and the business
 * volumes broadcast beside them, the next 24 hours' forecasts out, every hour. A thin shell around
 * {@link NodeForecastStep} (which says what an hour produces): it holds the node's
 * {@link NodeForecastState} (in its versioned format), waits for the watermark to pass an hour's end, and
 * emits the step's outcome. Side outputs: day-ahead accuracy, JUMP and NIGHT_BASE_LOAD anomalies, the
 * departments' outlook for the quota tracker and the daily forecasts of the rest of the month.
 */
public final class ForecastOperator
    extends KeyedBroadcastProcessFunction<String, NodeHour, Driver, ForecastRow> {

  /** Outdoor temperature by campus|hour start, for the last two days. */
  public static final MapStateDescriptor<String, Double> OUTDOOR =
      new MapStateDescriptor<>("outdoor", Types.STRING, Types.DOUBLE);
  /** Business volume by node|epoch day: the versions published, at most {@link VolumeVersions#KEPT}. */
  public static final MapStateDescriptor<String, VolumeVersions> VOLUMES = new MapStateDescriptor<>("volumes",
      StringSerializer.INSTANCE, new VersionedSerializer<>("volumes", new ForecastStateCodecs.Volumes()));
  /** Volumes of days this far before the watermark's day are dropped. */
  static final int VOLUME_KEEP_DAYS = 21;

  public static final OutputTag<AccuracyRow> ACCURACY = new OutputTag<>("forecast-accuracy") {};
  public static final OutputTag<Anomaly> ANOMALIES = new OutputTag<>("forecast-anomalies",
      TypeInformation.of(Anomaly.class));
  /** Each department hour taken up, with the forecast of the rest of its day: the quota tracker's input. */
  public static final OutputTag<HourOutlook> OUTLOOK = new OutputTag<>("department-outlook") {};
  /** Daily forecasts of the rest of the month (a row per day, every hour). */
  public static final OutputTag<ForecastRow> DAILY = new OutputTag<>("forecast-daily") {};
  private static final long H = 3_600_000L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ForecastOperator.class);
  static final String NODE_STATE = "node-forecast";
  /** Hours received, by hour start, waiting for the watermark of both inputs to pass their end. */
  static final MapStateDescriptor<Long, NodeHour> PENDING =
      new MapStateDescriptor<>("pending", Types.LONG, Types.POJO(NodeHour.class));

  private final String zoneId;
  private final HolidayCalendar calendar;
  private final WattwardConfig.Deviation deviation;
  private transient ZoneId zone;
  private transient NodeForecastStep step;
  private transient ValueState<NodeForecastState> node;
  private transient MapState<Long, NodeHour> pending;
  private transient org.apache.flink.metrics.Counter pastHours;

  public ForecastOperator(String zoneId, HolidayCalendar calendar, WattwardConfig.Deviation deviation) {
    this.zoneId = zoneId;
    this.calendar = calendar;
    this.deviation = deviation;
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(zoneId);
    step = new NodeForecastStep(zone, calendar, deviation);
    node = getRuntimeContext().getState(new ValueStateDescriptor<>(NODE_STATE,
        new VersionedSerializer<>(NODE_STATE, new ForecastStateCodecs.NodeForecast())));
    pending = getRuntimeContext().getMapState(PENDING);
    pastHours = getRuntimeContext().getMetricGroup().counter("hoursOfPastDaysIgnored");
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
  static void addVolume(BroadcastState<String, VolumeVersions> state, VolumeDay v, long today) throws Exception {
    String key = VolumeVersions.key(v.nodeId, v.epochDay);
    state.put(key, VolumeVersions.with(state.get(key), v));
    List<String> old = new ArrayList<>();
    for (var e : state.entries()) {
      if (today != Long.MIN_VALUE && VolumeVersions.dayOf(e.getKey()) < today - VOLUME_KEEP_DAYS) {
        old.add(e.getKey());
      }
    }
    for (String k : old) {
      state.remove(k);
    }
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

  /** Loads the node's state, takes the hour up, stores the state and emits what the hour produced. */
  private void process(NodeHour h, ReadOnlyContext ctx, Collector<ForecastRow> out) throws Exception {
    NodeForecastState state = node.value() == null ? NodeForecastState.fresh(NodeForecastStep.settings())
        : node.value();
    if (step.isPast(state, h)) {
      // the watermark starts low after a restore, so an hour read again from a topic reaches us once more; the
      // forecaster has moved on from its day: it is counted, not taken up (it would stop the job)
      pastHours.inc();
      if (pastHours.getCount() == 1 || pastHours.getCount() % 10_000 == 0) {
        LOG.warn("{} hour(s) of days the forecasters had left behind were ignored (a replay of the topic?),"
            + " the first or latest {} {} at {}", pastHours.getCount(), h.nodeId, h.energyType,
            Instant.ofEpochMilli(h.hourStartMs));
      }
      return;
    }
    NodeForecastStep.Outcome o = step.take(state, h, drivers(h, ctx));
    node.update(state);
    o.anomalies().forEach(a -> ctx.output(ANOMALIES, a));
    if (o.accuracy() != null) {
      ctx.output(ACCURACY, o.accuracy());
    }
    o.forecasts().forEach(out::collect);
    if (o.outlook() != null) {
      ctx.output(OUTLOOK, o.outlook());
    }
    o.daily().forEach(r -> ctx.output(DAILY, r));
  }

  /** The hour's outdoor temperature on the node's campus and the business volumes, from the broadcast state. */
  private static NodeForecastStep.Drivers drivers(NodeHour h, ReadOnlyContext ctx) throws Exception {
    Double outdoorC = ctx.getBroadcastState(OUTDOOR).get(VolumeVersions.campus(h.nodeId) + "|" + h.hourStartMs);
    ReadOnlyBroadcastState<String, VolumeVersions> volumes = ctx.getBroadcastState(VOLUMES);
    return new NodeForecastStep.Drivers(outdoorC == null ? Double.NaN : outdoorC, key -> {
      try {
        return volumes.get(key);
      } catch (Exception e) {
        throw new IllegalStateException("reading the business volumes of " + key, e);
      }
    });
  }
}
