package io.wattward.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.simulator.HostileReadings;
import io.wattward.testing.LocalInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The fault drill through the real path, shortened for the test suite: four simulated hours published
 * over 100 s into servers of the drill's own, 10,000 hostile records mixed in, the job's JVM killed
 * three times (a real SIGKILL of a child JVM started as `wattward run rollup`), ClickHouse and then
 * Kafka stopped for 15 s each (longer than the sinks' first retries), Ctrl-C, a bounded run, and the
 * same bounded run again. `wattward drill` runs the same with a day and 60 s outages
 * (docs/reliability.md).
 */
@org.junit.jupiter.api.Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class FaultDrillTest {

  @Test
  void killsAndOutagesLoseNothingDoubleNothingAndEveryHostileRecordIsDeadLetteredWithItsReason() throws Exception {
    Path home = LocalInfra.get().projectRoot();
    Instant from = LocalDate.of(2026, 11, 20).atStartOfDay(Drill.ZONE).toInstant();
    DrillReport report = new Drill(home, new Drill.Settings(from, Duration.ofHours(4), Duration.ofSeconds(100), 3,
        Duration.ofSeconds(15), 10_000, 42, home.resolve(".local/drill-test"), false, false), System.out).run();
    report.print(System.out);

    // 366 meters x 240 minutes, each exactly as the simulator metered it
    assertThat(report.meterMinutesExpected).isEqualTo(366L * 240);
    assertThat(report.meterMinutesFound).isEqualTo(366L * 240);
    assertThat(report.meterMinutesMissing).isZero();
    assertThat(report.meterMinutesExtra).isZero();
    assertThat(report.meterMinutesDiffering).isZero();
    // eight buildings' electricity, water, steam and cooling for the local day: 19 building-days
    assertThat(report.buildingDays).isEqualTo(19);
    assertThat(report.buildingDaysDiffering).isZero();
    assertThat(report.secondRunChanged).isZero();
    // every hostile record on the dead-letter topic with the reason of its kind, none lost, no valid one
    long sent = report.perKind.values().stream().mapToLong(r -> r[0]).sum();
    assertThat(sent).isBetween(10_000L, 11_100L);
    report.perKind.forEach((kind, r) -> {
      assertThat(r[0]).as(kind + " sent").isPositive();
      assertThat(r[1]).as(kind + " dead-lettered with " + kind.reason).isEqualTo(r[0]);
    });
    assertThat(report.perKind).hasSize(HostileReadings.Kind.values().length);
    assertThat(report.validDeadLettered).isZero();
    // the jobs downstream read each meter-minute, window and environment minute once
    assertThat(report.topicRecords).isGreaterThan(366L * 200);
    assertThat(report.topicRepeats).isZero();
    // the job never needed Flink's own restarts: the outages were waited out, not failed over
    assertThat(report.internalRestarts()).isZero();
    assertThat(report.faults()).hasSize(5).allSatisfy(f -> assertThat(f.recoverySeconds()).isNotNull());
    assertThat(report.passed()).isTrue();
  }
}
