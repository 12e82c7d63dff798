package io.wattward.jobs.forecast;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.DeadLetterKafkaSink;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.AccuracyRow;
import io.wattward.forecast.stream.Driver;
import io.wattward.forecast.stream.ForecastRow;
import io.wattward.forecast.stream.HourOutlook;
import io.wattward.forecast.stream.NodeHour;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.jobs.common.AlwaysIdle;
import io.wattward.jobs.common.AnomalyOutputs;
import io.wattward.jobs.common.AvroDecode;
import io.wattward.jobs.common.AvroTopics;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.jobs.common.JobRuntime;
import io.wattward.quota.KpiStatus;
import io.wattward.schema.Anomaly;
import io.wattward.schema.BusinessVolume;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.EnvMinute;
import io.wattward.schema.KpiQuota;
import io.wattward.schema.NodeWindow;
import io.wattward.topology.NodeLevel;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * FORECAST + KPI: hourly node windows, the outdoor temperature and the departments' quotas in; every
 * hour, the next 24 hours' load forecast per node (levels of {@code forecast.levels}, and departments always) and energy type,
 * and each department's standing against its monthly and yearly quotas, out.
 *
 * <ul>
 *   <li>In: node-windows (1-hour windows, first versions, summed over sub-items), env-minutes of level
 *       campus (outdoor temperature, hourly means, broadcast), business-volume (outpatient visits and
 *       inpatient bed-days per node and day, event time = when published, broadcast; also written to
 *       {@code business_volume}), quotas (compacted, broadcast).
 *   <li>Out (ClickHouse): {@code forecasts} (24 rows per node and hour, with the prediction interval),
 *       {@code forecast_accuracy} (day-ahead CV(RMSE), NMBE, MAPE per local day and 30 days);
 *       {@code kpi_status} (to date, projected, quota, status per department, energy type and period);
 *       JUMP, NIGHT_BASE_LOAD and QUOTA anomalies to the anomalies topic (the notifier) and ClickHouse.
 *   <li>Keys: node|energy type. Event time; an hour is forecast from when the watermark passes its end.
 *   <li>Guarantees: forecasters are keyed state (checkpointed); rows are idempotent upserts.
 * </ul>
 */
public final class ForecastJob {

  public static final String NAME = "forecast";

  /**
   * The format of the job's state (2: the node forecast state in versioned formats; 1: Java-serialized forecasters). Raised whenever a checkpoint of the build before cannot carry
   * over: the command line then refuses to resume from one and asks for {@code --fresh} once.
   */
  public static final int STATE_FORMAT = 2;

  public record Sources(Source<RawRecord, ?, ?> nodeWindows, Source<RawRecord, ?, ?> envMinutes,
      Source<RawRecord, ?, ?> quotas, Source<RawRecord, ?, ?> businessVolume) {}

  public record Outputs(Sink<ForecastRow> forecasts, Sink<ForecastRow> dailyForecasts, Sink<AccuracyRow> accuracy,
      Sink<KpiStatus> kpiStatus, Sink<VolumeDay> businessVolume,
      Sink<Anomaly> anomalyTopic, Sink<Anomaly> anomalyTable, Sink<DeadLetter> deadLetters) {}

  private final Sources sources;
  private final Outputs outputs;
  private final WattwardConfig config;
  private final HolidayCalendar calendar;
  /** Late corrections of hours already totalled, from {@link HourTotals} (set while the job is built). */
  private DataStream<NodeHour> corrections;

  public ForecastJob(Sources sources, Outputs outputs, WattwardConfig config, HolidayCalendar calendar) {
    this.sources = sources;
    this.outputs = outputs;
    this.config = config;
    this.calendar = calendar;
  }

  public static ForecastJob fromConfig(WattwardConfig config, Path home, boolean bounded) {
    WattwardConfig.Kafka kafka = config.kafka();
    WattwardConfig.Topics topics = kafka.topics();
    KafkaTopics.ensure(kafka.bootstrap(), List.of(
        new KafkaTopics.Spec(topics.nodeWindows(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.envMinutes(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.anomalies(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.quotas(), 1, true),
        new KafkaTopics.Spec(topics.businessVolume(), kafka.partitions(), true),
        new KafkaTopics.Spec(topics.deadLetters(), kafka.partitions(), false)));
    String group = inputs(config).group();
    Sources sources = new Sources(
        AvroTopics.source(kafka.bootstrap(), topics.nodeWindows(), group, bounded,
            v -> NodeWindow.getDecoder().decode(v).getWindowStart().toEpochMilli()),
        AvroTopics.source(kafka.bootstrap(), topics.envMinutes(), group, bounded,
            v -> EnvMinute.getDecoder().decode(v).getMinuteStart().toEpochMilli()),
        // the whole compacted topic at every start: a fresh group each time
        AvroTopics.source(kafka.bootstrap(), topics.quotas(), group + "-quotas-" + java.util.UUID.randomUUID(), bounded,
            v -> Long.MIN_VALUE),
        AvroTopics.source(kafka.bootstrap(), topics.businessVolume(), group, bounded,
            v -> BusinessVolume.getDecoder().decode(v).getPublishedAt().toEpochMilli()));
    Outputs outputs = new Outputs(ForecastTables.FORECASTS.sink(config), ForecastTables.FORECASTS_DAILY.sink(config),
        ForecastTables.FORECAST_ACCURACY.sink(config), ForecastTables.KPI_STATUS.sink(config),
        ForecastTables.BUSINESS_VOLUME.sink(config),
        AnomalyOutputs.topic(kafka.bootstrap(), topics.anomalies()), AnomalyOutputs.TABLE.sink(config),
        DeadLetterKafkaSink.of(kafka.bootstrap(), topics.deadLetters()));
    String csv = config.forecast().calendarCsv();
    HolidayCalendar calendar = csv == null || csv.isBlank() ? HolidayCalendar.weekendsOnly()
        : HolidayCalendar.fromFile(home.resolve(csv));
    return new ForecastJob(sources, outputs, config, calendar);
  }

  /** The data topics the job reads, and its consumer group (one per job and database). */
  public static io.wattward.connectors.kafka.ConsumedTopics inputs(WattwardConfig config) {
    WattwardConfig.Topics topics = config.kafka().topics();
    return new io.wattward.connectors.kafka.ConsumedTopics("wattward-" + NAME + "-" + config.clickhouse().database(),
        List.of(topics.nodeWindows(), topics.envMinutes(), topics.businessVolume()));
  }

  public void build(StreamExecutionEnvironment env) {
    WattwardConfig.Pipeline p = config.pipeline();
    SingleOutputStreamOperator<NodeWindow> windows = AvroTopics.read(env, sources.nodeWindows(), p, NAME,
        "node-windows", "NodeWindow", NodeWindow::getDecoder, NodeWindow.class);
    SingleOutputStreamOperator<EnvMinute> env1m = AvroTopics.read(env, sources.envMinutes(), p, NAME, "env-minutes",
        "EnvMinute", EnvMinute::getDecoder, EnvMinute.class);
    // business volume: event time is when it was published, so a forecast uses what was known by then
    SingleOutputStreamOperator<VolumeDay> volumes = AvroTopics.raw(env, sources.businessVolume(), p, "business-volume")
        .process(new VolumeDecode(NAME)).name("check business volume").uid("check-business-volume");
    volumes.sinkTo(outputs.businessVolume()).name("clickhouse business_volume").uid("business-volume-sink");

    SingleOutputStreamOperator<ForecastRow> forecasts = forecasts(windows, env1m, volumes);
    SingleOutputStreamOperator<KpiQuota> quotas = env
        .fromSource(sources.quotas(), WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle<RawRecord>()), "quotas")
        .uid("quotas-source")
        .process(new AvroDecode<>(NAME, "KpiQuota", KpiQuota::getDecoder)).returns(KpiQuota.class)
        .name("decode KpiQuota").uid("decode-quotas");
    SingleOutputStreamOperator<KpiStatus> kpi = quotaStatus(forecasts, quotas);

    var anomalies = forecasts.getSideOutput(ForecastOperator.ANOMALIES)
        .union(kpi.getSideOutput(QuotaTracker.ANOMALIES));
    anomalies.sinkTo(outputs.anomalyTopic()).name("kafka anomalies").uid("anomalies-topic");
    anomalies.sinkTo(outputs.anomalyTable()).name("clickhouse anomalies").uid("anomalies-clickhouse");
    windows.getSideOutput(DeadLetters.TAG).union(env1m.getSideOutput(DeadLetters.TAG), quotas.getSideOutput(DeadLetters.TAG),
            volumes.getSideOutput(DeadLetters.TAG))
        .sinkTo(outputs.deadLetters()).name("dead letters").uid("dead-letter-sink");
  }

  /**
   * Hourly totals of the forecast levels (departments always: the quota tracker projects from their
   * forecasts) through the forecasters, with the outdoor temperature and business volume broadcast beside them.
   */
  private SingleOutputStreamOperator<ForecastRow> forecasts(SingleOutputStreamOperator<NodeWindow> windows,
      SingleOutputStreamOperator<EnvMinute> env1m, SingleOutputStreamOperator<VolumeDay> volumes) {
    List<String> levels = config.forecast().levels();
    var drivers = env1m.filter(m -> NodeLevel.CAMPUS.is(m.getLevel())).name("outdoor minutes")
        .keyBy(m -> m.getNodeId())
        .process(new OutdoorHours()).name("outdoor hours").uid("outdoor-hours")
        .map(Driver::of).name("outdoor driver")
        .union(volumes.map(Driver::of).name("volume driver"))
        .broadcast(ForecastOperator.OUTDOOR, ForecastOperator.VOLUMES);
    // every version of a window: a later one corrects the hour (see HourTotals), for as long as the roll-up
    // corrects it and a day more for partitions that lag
    long keepMs = config.rollup().allowedLatenessMs() + config.rollup().maxGapMs() + 86_400_000L;
    SingleOutputStreamOperator<NodeHour> hours = windows
        .filter(w -> "1h".equals(w.getSize())
            && (levels.contains(w.getLevel()) || NodeLevel.DEPARTMENT.is(w.getLevel())))
        .name("hourly windows of forecast levels and departments")
        .keyBy(HourTotals::key)
        .process(new HourTotals(keepMs)).name("hour totals").uid("hour-totals");
    corrections = hours.getSideOutput(HourTotals.CORRECTIONS);
    SingleOutputStreamOperator<ForecastRow> forecasts = hours
        .keyBy(h -> h.key())
        .connect(drivers)
        .process(new ForecastOperator(config.rollup().zone(), calendar, config.anomalies().deviation()))
        .name("forecasters").uid("forecasters");
    forecasts.sinkTo(outputs.forecasts()).name("clickhouse forecasts").uid("forecasts-sink");
    forecasts.getSideOutput(ForecastOperator.DAILY).sinkTo(outputs.dailyForecasts()).name("clickhouse forecasts_daily")
        .uid("forecasts-daily-sink");
    forecasts.getSideOutput(ForecastOperator.ACCURACY).sinkTo(outputs.accuracy()).name("clickhouse forecast_accuracy")
        .uid("accuracy-sink");
    return forecasts;
  }

  /** KPI: each department hour against the quotas from the compacted quotas topic, broadcast to the tracker. */
  private SingleOutputStreamOperator<KpiStatus> quotaStatus(SingleOutputStreamOperator<ForecastRow> forecasts,
      SingleOutputStreamOperator<KpiQuota> quotas) {
    // the departments' hours as their forecasters took them up, and the late corrections of hours taken up
    DataStream<HourOutlook> departmentCorrections = corrections
        .filter(h -> NodeLevel.DEPARTMENT.is(h.level)).name("corrections of department hours")
        .map(HourOutlook::correction).name("as outlook corrections");
    SingleOutputStreamOperator<KpiStatus> kpi = forecasts.getSideOutput(ForecastOperator.OUTLOOK)
        .union(departmentCorrections)
        .keyBy(o -> o.hour.key())
        .connect(quotas.broadcast(QuotaTracker.QUOTAS))
        .process(new QuotaTracker(config.rollup().zone(), calendar, config.forecast().quotaWarningPct()))
        .name("quota tracker").uid("quota-tracker");
    kpi.sinkTo(outputs.kpiStatus()).name("clickhouse kpi_status").uid("kpi-status-sink");
    return kpi;
  }

  public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
    configure(env);
    build(env);
    return env.execute("wattward " + NAME);
  }

  public void configure(StreamExecutionEnvironment env) {
    JobRuntime.configure(env, config.pipeline());
  }

  public static void main(String[] args) throws Exception {
    WattwardConfig config = WattwardConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
    fromConfig(config, Path.of(""), false).run(StreamExecutionEnvironment.getExecutionEnvironment());
  }
}
