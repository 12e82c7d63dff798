package io.wattward.jobs.meterminute;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.kafka.DeadLetterKafkaSink;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.topology.MeterRegistry;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once results: the job crashes mid-stream, Flink restarts it from its last checkpoint, rows
 * are written again, and ClickHouse still holds each meter-minute once with the true value.
 */
class MeterMinuteJobRestartTest {

  private static final Instant START = Instant.parse("2026-11-19T00:00:00Z");

  @Test
  void crashAndRestartFromCheckpointNeverDoubleCounts() throws Exception {
    PipelineFixture fx = new PipelineFixture("e2e_restart");
    ReferenceHospital hospital = new ReferenceHospital(5);
    int minutes = 180;
    ExpectedTotals expected = new ExpectedTotals(START, minutes);
    try (KafkaPublisher publisher = fx.publisher()) {
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 5)
          .run(START, START.plusSeconds(60L * minutes), publisher, expected, false);
    }
    long rows = 366L * minutes;
    var kafka = fx.config.kafka();
    var settings = fx.config.meterMinute();
    MeterMinuteJob job = new MeterMinuteJob(
        RawKafkaSource.of(kafka.bootstrap(), kafka.topics().meterReadings(), "restart-" + fx.clickhouse.database(), true),
        new FailOnceSink<>(MeterMinuteSink.of(fx.clickhouse, settings.sinkBatchSize(), settings.sinkFlushIntervalMs(),
            settings.sinkMaxRetries()), rows / 2),
        DeadLetterKafkaSink.of(kafka.bootstrap(), kafka.topics().deadLetters()),
        MeterRegistry.of(hospital.registrations()), settings);

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
  }
}
