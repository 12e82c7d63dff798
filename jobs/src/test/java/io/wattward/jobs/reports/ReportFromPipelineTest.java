package io.wattward.jobs.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wattward.jobs.rollup.PipelineFixture;
import io.wattward.kpi.Quotas;
import io.wattward.reports.ReportFiles;
import io.wattward.reports.Reporter;
import io.wattward.schema.KpiQuota;
import io.wattward.schema.MeterRegistration;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.topology.NodeInfo;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly report of a department from ClickHouse filled by the real pipeline (simulated day ->
 * Kafka -> rollup job on Flink -> ClickHouse), its CSV checked against the simulator's exact totals.
 */
class ReportFromPipelineTest {

  private static final Instant DAY = Instant.parse("2026-11-18T16:00:00Z"); // 2026-11-19 00:00 in Shanghai
  private static final String CARDIOLOGY = "PPH/MAIN/CARDIOLOGY";

  @TempDir Path out;

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new ArrayList<>(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords());
    }
  }

  @Test
  void aDepartmentsReportAddsUpToTheSimulatorsTruth() throws Exception {
    PipelineFixture fx = new PipelineFixture("e2e_report");
    ReferenceHospital hospital = new ReferenceHospital(31);
    ExpectedTotals expected = new ExpectedTotals(DAY, 1440);
    try (KafkaPublisher publisher = fx.publisher()) {
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 31)
          .run(DAY, DAY.plusSeconds(86_400), publisher, expected, false);
    }
    NodeInfo.load(fx.clickhouse, hospital.nodeInfo());
    Quotas.load(fx.clickhouse, List.of(KpiQuota.newBuilder().setDepartmentId(CARDIOLOGY).setEnergyType("ELECTRICITY")
        .setPeriod("2026-11").setQuota(20_000).setUnit("kWh").setBasis("total").setPerBasis(20_000).build()));
    fx.runRollup(hospital.registrations());

    // truth: the day's electricity of cardiology's accounting meters, from the simulator (milli-kWh per minute)
    long milli = 0;
    for (MeterRegistration r : hospital.registrations()) {
      if (r.getAccounting() && r.getEnergyType().name().equals("ELECTRICITY")
          && "CARDIOLOGY".equals(r.getSpatial().getDepartment())) {
        for (long m : expected.perMeter().get(r.getMeterId())) {
          milli += m;
        }
      }
    }
    double truth = milli / 1000.0;
    assertThat(truth).isGreaterThan(100);

    ReportFiles files = new Reporter(fx.clickhouse, Clock.fixed(Instant.parse("2026-11-20T00:00:00Z"), ZoneId.of("UTC")))
        .run(CARDIOLOGY, YearMonth.of(2026, 11), out);

    CSVRecord electricity = csv(files.folder().resolve("consumption.csv")).stream()
        .filter(r -> r.get("energy_type").equals("ELECTRICITY")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(electricity.get("consumption"))).isCloseTo(truth, within(0.01));
    assertThat(Double.parseDouble(electricity.get("quota"))).isEqualTo(20_000.0);
    assertThat(Double.parseDouble(electricity.get("used_pct"))).isCloseTo(100 * truth / 20_000, within(0.01));
    List<CSVRecord> days = csv(files.folder().resolve("daily.csv")).stream()
        .filter(r -> r.get("energy_type").equals("ELECTRICITY")).toList();
    assertThat(days).hasSize(1);
    assertThat(Double.parseDouble(days.get(0).get("consumption"))).isCloseTo(truth, within(0.01));
    CSVRecord perBed = csv(files.folder().resolve("intensity.csv")).stream()
        .filter(r -> r.get("metric").equals("electricity per bed")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(perBed.get("value"))).isCloseTo(truth / 60, within(0.01)); // 60 beds
    assertThat(files.pdfPages()).isPositive();
    assertThat(Files.size(files.firstPagePng())).isPositive();
  }
}
