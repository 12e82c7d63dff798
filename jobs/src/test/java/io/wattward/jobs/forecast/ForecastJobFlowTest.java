package io.wattward.jobs.forecast;

import static io.wattward.jobs.forecast.QuotaTrackerEndToEndTest.CARDIOLOGY;
import static io.wattward.jobs.forecast.QuotaTrackerEndToEndTest.ZONE;
import static io.wattward.jobs.forecast.QuotaTrackerEndToEndTest.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.AccuracyRow;
import io.wattward.forecast.stream.ForecastRow;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.jobs.testing.CollectingSink;
import io.wattward.jobs.testing.FlowCluster;
import io.wattward.jobs.testing.InMemoryTopic;
import io.wattward.quota.KpiStatus;
import io.wattward.quota.QuotaStatus;
import io.wattward.schema.Anomaly;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.KpiQuota;
import io.wattward.schema.NodeWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forecast job's logic in seconds, on a MiniCluster with its topics in memory and its outputs
 * collected: November 2026 of a department, 5 kWh every hour, doubled from 11 November on, against a
 * monthly quota of 5,000 kWh (warning at a projection of 80 %, 4,000 kWh). The same month and the same
 * figures as {@link QuotaTrackerEndToEndTest}, which shows the real path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastJobFlowTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = FlowCluster.extension();


  private final CollectingSink<ForecastRow> forecasts = new CollectingSink<>();
  private final CollectingSink<ForecastRow> daily = new CollectingSink<>();
  private final CollectingSink<AccuracyRow> accuracy = new CollectingSink<>();
  private final CollectingSink<KpiStatus> kpi = new CollectingSink<>();
  private final CollectingSink<VolumeDay> volume = new CollectingSink<>();
  private final CollectingSink<Anomaly> anomalies = new CollectingSink<>();
  private final CollectingSink<Anomaly> anomalyTable = new CollectingSink<>();
  private final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();

  private static Instant local(String t) {
    return LocalDateTime.parse(t).atZone(ZONE).toInstant();
  }

  @BeforeAll
  void run() throws Exception {
    InMemoryTopic windows = new InMemoryTopic("node-windows",
        v -> NodeWindow.getDecoder().decode(v).getWindowStart().toEpochMilli());
    for (NodeWindow w : QuotaTrackerEndToEndTest.november()) {
      windows.add(CARDIOLOGY, AvroMessages.encode(NodeWindow.getEncoder(), w));
    }
    InMemoryTopic quotas = new InMemoryTopic("quotas", v -> Long.MIN_VALUE);
    for (KpiQuota q : List.of(quota("2026-11", 5_000), quota("2026", 100_000))) {
      quotas.add(CARDIOLOGY, AvroMessages.encode(KpiQuota.getEncoder(), q));
    }
    InMemoryTopic none = new InMemoryTopic("empty", v -> Long.MIN_VALUE);
    ForecastJob job = new ForecastJob(
        new ForecastJob.Sources(windows.source(), none.source(), quotas.source(), none.source()),
        new ForecastJob.Outputs(forecasts, daily, accuracy, kpi, volume, anomalies, anomalyTable, deadLetters),
        WattwardConfig.load(null, Map.of()), HolidayCalendar.weekendsOnly());
    StreamExecutionEnvironment env = FlowCluster.environment();
    job.build(env);
    env.execute("forecast flow");
  }

  @Test
  void theOverrunIsAWarningThenAnAlarmThenResolvedWithTheMonth() {
    // worked out in QuotaTrackerEndToEndTest: projected 3,720 at midnight ending 11 November, ~4,046 an hour
    // later (warning); 5,010 used at 21:00 on 26 November (alarm); the month over on 1 December
    List<String> events = anomalies.values().stream().filter(a -> a.getKind().equals(AnomalyKind.QUOTA.name()))
        .map(a -> a.getStatus() + " " + a.getSeverity() + " " + a.getSubject() + " "
            + LocalDateTime.ofInstant(a.getUpdatedAt(), ZONE))
        .toList();
    assertThat(events).containsExactly(
        "OPEN WARNING 2026-11 2026-11-12T01:00",
        "UPDATE CRITICAL 2026-11 2026-11-26T21:00",
        "RESOLVED CRITICAL 2026-11 2026-12-01T00:00");
    assertThat(anomalyTable.values()).hasSameSizeAs(anomalies.values());
    assertThat(deadLetters.values()).isEmpty();
  }

  @Test
  void theStatusProjectsFromTheDepartmentsForecasts() {
    KpiStatus midnight = status("2026-11-12T00:00");
    assertThat(List.of(midnight.toDate, midnight.projected)).containsExactly(1_440.0, 1_440.0 + 19 * 120);
    assertThat(midnight.status).isEqualTo(QuotaStatus.OK);
    KpiStatus warning = status("2026-11-12T01:00");
    assertThat(warning.toDate).isEqualTo(1_450.0);
    assertThat(warning.status).isEqualTo(QuotaStatus.WARNING);
    long issued = local("2026-11-12T01:00").toEpochMilli();
    double restOfDay = forecasts.values().stream()
        .filter(f -> f.issuedAtMs == issued && f.hourStartMs < local("2026-11-13T00:00").toEpochMilli())
        .mapToDouble(f -> f.forecast).sum();
    assertThat(restOfDay).as("23 hours at about the new 10 kWh").isBetween(200.0, 260.0);
    double working = (240 + 6 * 120) / 7.0;
    assertThat(warning.projected).isCloseTo(1_450 + restOfDay + 12 * working + 6 * 120, within(1e-6));
    double dailySum = daily.values().stream().filter(f -> f.issuedAtMs == issued).mapToDouble(f -> f.forecast).sum();
    assertThat(warning.projected).isCloseTo(1_440 + dailySum, within(1e-6));
    assertThat(kpi.values().stream().filter(s -> s.period.equals("2026") && s.status == QuotaStatus.OK)
        .map(s -> s.asOfMs).distinct().count()).isEqualTo(30 * 24 + 1);
  }

  @Test
  void everyHourAfterTheFirstIsForecastTwentyFourHoursAhead() {
    long issued = local("2026-11-20T12:00").toEpochMilli();
    assertThat(forecasts.values().stream().filter(f -> f.issuedAtMs == issued).map(f -> f.horizonHours))
        .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList());
  }

  private KpiStatus status(String asOf) {
    long at = local(asOf).toEpochMilli();
    return kpi.values().stream().filter(s -> s.period.equals("2026-11") && s.asOfMs == at)
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no status as of " + asOf));
  }
}
