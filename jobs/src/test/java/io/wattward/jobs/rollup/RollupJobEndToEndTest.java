package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * A simulated hospital day through the real path: Kafka broker, the job on a Flink MiniCluster,
 * ClickHouse server; every meter-minute in ClickHouse must equal the simulator's ground truth.
 */
class RollupJobEndToEndTest {

  private static final Instant DAY = Instant.parse("2026-11-18T16:00:00Z"); // 2026-11-19 00:00 Shanghai

  @Test
  void simulatedDayLandsInClickHouseExactlyAsTheSimulatorCountedIt() throws Exception {
    PipelineFixture fx = new PipelineFixture("e2e_day");
    ReferenceHospital hospital = new ReferenceHospital(11);
    ExpectedTotals expected = new ExpectedTotals(DAY, 1440);
    try (KafkaPublisher publisher = fx.publisher()) {
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 11)
          .run(DAY, DAY.plusSeconds(86_400), publisher, expected, false);
    }

    JobExecutionResult result = fx.runRollup(hospital.registrations());

    Map<String, Map<Long, Long>> actual = fx.meterMinutes();
    assertThat(actual).hasSize(366);
    long compared = 0;
    for (Map.Entry<String, long[]> meter : expected.perMeter().entrySet()) {
      Map<Long, Long> rows = actual.get(meter.getKey());
      assertThat(rows).as(meter.getKey()).hasSize(1440);
      long[] truth = meter.getValue();
      for (int i = 0; i < truth.length; i++) {
        assertThat(rows.get(expected.minuteStartMs(i))).as("%s minute %d", meter.getKey(), i).isEqualTo(truth[i]);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(366L * 1440);
    // the rollover meter wrapped during the day and lost nothing
    assertThat(fx.queryLong("SELECT toInt64(sum(consumption) * 1000) FROM meter_minute FINAL WHERE meter_id = '"
        + ReferenceHospital.ROLLOVER_METER + "'")).isEqualTo(expected.totalMilli(ReferenceHospital.ROLLOVER_METER));
    assertThat(fx.deadLetters()).isEmpty();
    Long late = result.getAccumulatorResult("deadLetters.LATE");
    assertThat(late == null ? 0L : late).isZero();
  }
}
