package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.kafka.TopologyKafkaSource;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once results: the job crashes mid-stream, Flink restarts it from its last checkpoint, rows
 * are written again, and ClickHouse still holds each meter-minute once with the true value.
 */
class RollupJobRestartTest {

  private static final Instant START = Instant.parse("2026-11-19T00:00:00Z");

  /** Frequent checkpoints, so the crash surely comes after one and the restart resumes from it. */
  private static io.wattward.config.WattwardConfig.Pipeline checkpointEvery200ms(io.wattward.config.WattwardConfig.Pipeline p) {
    return new io.wattward.config.WattwardConfig.Pipeline(p.topologyCsv(), p.parallelism(), p.maxOutOfOrdernessMs(),
        p.idleSourceMs(), p.maxFutureSkewMs(), 200, p.checkpointDir(), p.sinkBatchSize(), p.sinkFlushIntervalMs(),
        p.sinkMaxBackoffMs());
  }

  @Test
  void crashAndRestartFromCheckpointNeverDoubleCounts() throws Exception {
    PipelineFixture fx = new PipelineFixture("e2e_restart");
    ReferenceHospital hospital = new ReferenceHospital(5);
    int minutes = 360;
    ExpectedTotals expected = new ExpectedTotals(START, minutes);
    try (KafkaPublisher publisher = fx.publisher()) {
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 5)
          .run(START, START.plusSeconds(60L * minutes), publisher, expected, false);
    }
    long rows = 366L * minutes;
    var kafka = fx.config.kafka();
    RollupJob.ensureTopics(fx.config);
    RollupJob.Outputs real = RollupJob.outputs(fx.config);
    RollupJob job = new RollupJob(
        RawKafkaSource.of(kafka.bootstrap(), kafka.topics().meterReadings(), "restart-" + fx.clickhouse.database(), true,
            new io.wattward.ingest.ReadingEventTime(3_600_000)),
        TopologyKafkaSource.of(kafka.bootstrap(), kafka.topics().topology(), true),
        hospital.registrations(),
        RawKafkaSource.of(kafka.bootstrap(), kafka.topics().envReadings(), "restart-" + fx.clickhouse.database(), true,
            new io.wattward.environment.EnvEventTime(3_600_000)),
        hospital.sensorRegistry(),
        real.withMeterMinutes(new FailOnceSink<>(real.meterMinutes(), rows / 10)),
        fx.config.withPipeline(checkpointEvery200ms(fx.config.pipeline())));

    job.run(PipelineFixture.localFlink(3));

    assertThat(FailOnceSink.FAILED).isTrue();
    assertThat(FailOnceSink.CHECKPOINT_FLUSHES_BEFORE_CRASH.get()).isPositive();
    // the restart replayed rows that had been written before the crash...
    assertThat(FailOnceSink.WRITTEN.get()).isGreaterThan(rows);
    // ...and ClickHouse still holds each meter-minute once, with the true consumption
    Map<String, Map<Long, Long>> actual = fx.meterMinutes();
    long checked = 0;
    for (Map.Entry<String, long[]> meter : expected.perMeter().entrySet()) {
      long[] truth = meter.getValue();
      assertThat(actual.get(meter.getKey())).hasSize(minutes);
      for (int i = 0; i < minutes; i++) {
        assertThat(actual.get(meter.getKey()).get(expected.minuteStartMs(i))).isEqualTo(truth[i]);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(rows);
    assertThat(fx.queryLong("SELECT count() FROM meter_minute FINAL")).isEqualTo(rows);
    // the roll-ups were replayed too, and still count each meter-minute once: the hospital's electricity
    // over the six hours equals the sum of its accounting meters' truth
    long truth = 0;
    for (var meter : hospital.meters()) {
      if (meter.registration().getAccounting() && meter.registration().getEnergyType().name().equals("ELECTRICITY")) {
        truth += expected.totalMilli(meter.id());
      }
    }
    assertThat(fx.queryLong("SELECT toInt64(sum(consumption) * 1000) FROM node_energy_1h FINAL "
        + "WHERE node_level = 'hospital' AND energy_type = 'ELECTRICITY'")).isEqualTo(truth);
  }
}
