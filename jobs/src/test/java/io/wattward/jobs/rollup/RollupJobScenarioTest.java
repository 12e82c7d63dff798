package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.DeadLetter;
import io.wattward.schema.EnvReading;
import io.wattward.schema.MeterReading;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.SpatialPath;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.simulator.SimulatedMeter;
import io.wattward.topology.TopologyLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One hospital day through the real path with what real meters do to data: a room moves to another
 * department at noon, a register rolls over, a meter is replaced, readings arrive twice, out of order,
 * late (within and beyond the allowed lateness). Every roll-up the test checks is computed here from the
 * simulator's ground truth with plain loops over the registrations, and must match ClickHouse exactly
 * at every window size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupJobScenarioTest {

  private static final Instant DAY = Instant.parse("2026-11-18T16:00:00Z"); // 2026-11-19 00:00 in Shanghai
  private static final long M = 60_000;
  private static final Instant NOON = Instant.parse("2026-11-19T04:00:00Z"); // 12:00 local: SPECT's room moves
  private static final Instant REPLACED_AT = Instant.parse("2026-11-19T06:00:00Z");
  private static final String MOVED = "IP2-EQ-SPECT";
  private static final String REPLACED = "IP1-F03-HV";
  private static final String DUPLICATED = "IP3-F02-LS";
  private static final String SWAPPED = "IP2-F05-HV";
  private static final String LATE_OK = "IP2-F07-LS";
  private static final String TOO_LATE = "ADM-F02-LS";
  /** a virtual meter: floor 5's power board without half of the hybrid operating room's feeder */
  private static final String VIRTUAL = "IP2-F05-PW-NET";
  private static final String VIRTUAL_FORMULA = "IP2-F05-PW - 0.5 * IP2-EQ-OR-HYBRID";

  private PipelineFixture fx;
  private ReferenceHospital hospital;
  private ExpectedTotals expected;
  private MeterRegistration moved;
  private final Map<String, Long> sent = new HashMap<>();

  /** Sends the simulated day with the day's mishaps. */
  private final class Mishaps implements HospitalSimulator.Output {
    private final KafkaPublisher kafka;
    private final String topic;
    private final List<MeterReading> heldUntilEnd = new ArrayList<>();
    private MeterReading heldOutOfOrder;
    private MeterReading heldLate;
    private Long replacementOffsetMilli;

    Mishaps(KafkaPublisher kafka, String topic) {
      this.kafka = kafka;
      this.topic = topic;
    }

    private void send(MeterReading r) {
      kafka.meterReading(r);
      sent.merge(r.getMeterId(), 1L, Long::sum);
    }

    @Override
    public void meterReading(MeterReading r) {
      String id = r.getMeterId();
      Instant t = r.getEventTime();
      if (id.equals(REPLACED) && !t.isBefore(REPLACED_AT)) {
        // a new meter, its register starting from zero at 14:00 local
        long milli = Math.round(r.getValue() * 1000);
        if (replacementOffsetMilli == null) {
          replacementOffsetMilli = milli;
        }
        r = MeterReading.newBuilder(r).setValue((milli - replacementOffsetMilli) / 1000.0).build();
      }
      if (id.equals(DUPLICATED) && !t.isBefore(at("08:00")) && !t.isAfter(at("08:10"))) {
        send(r);
      }
      if (id.equals(SWAPPED) && t.equals(at("09:00"))) {
        heldOutOfOrder = r;
        return;
      }
      if (id.equals(LATE_OK) && t.equals(at("10:00"))) {
        heldLate = r;
        return;
      }
      if (id.equals(TOO_LATE) && t.equals(at("02:00"))) {
        heldUntilEnd.add(r);
        return;
      }
      send(r);
      if (id.equals(SWAPPED) && t.equals(at("09:01"))) {
        send(heldOutOfOrder);
      }
    }

    @Override
    public void envReading(EnvReading reading) {}

    @Override
    public void minuteDone(Instant t) {
      if (t.equals(at("10:50"))) {
        send(heldLate); // fifty minutes late: within the allowed hour
      }
      if (t.equals(DAY.plusSeconds(86_400))) {
        heldUntilEnd.forEach(this::send); // fourteen hours late: beyond it
      }
    }
  }

  private static Instant at(String utcHhmm) {
    return Instant.parse("2026-11-19T" + utcHhmm + ":00Z");
  }

  @BeforeAll
  void runTheDay() throws Exception {
    fx = new PipelineFixture("e2e_scenario");
    hospital = new ReferenceHospital(23);
    expected = new ExpectedTotals(DAY, 1440);
    MeterRegistration original = hospital.registrations().stream()
        .filter(r -> r.getMeterId().equals(MOVED)).findFirst().orElseThrow();
    SpatialPath s = original.getSpatial();
    moved = MeterRegistration.newBuilder(original)
        .setSpatial(new SpatialPath(s.getHospital(), s.getCampus(), s.getBuilding(), s.getFloor(), "RADIOLOGY", s.getRoom()))
        .setEffectiveFrom(NOON).build();
    // the move is published to the topology topic: the job learns it from the stream, not at start
    TopologyLoader.publish(fx.config.kafka().bootstrap(), fx.config.kafka().topics().topology(), List.of(moved));
    try (KafkaPublisher publisher = fx.publisher()) {
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 23)
          .run(DAY, DAY.plusSeconds(86_400), new Mishaps(publisher, fx.config.kafka().topics().meterReadings()), expected, false);
    }
    MeterRegistration virtual = MeterRegistration.newBuilder(original).setMeterId(VIRTUAL).setPointKind("virtual")
        .setSpatial(new SpatialPath(s.getHospital(), s.getCampus(), "IP2", "F05", null, null))
        .setFormula(VIRTUAL_FORMULA).build();
    List<MeterRegistration> topology = new ArrayList<>(hospital.registrations());
    topology.add(virtual);
    fx.runRollup(topology);
  }

  /** The simulator's truth per meter and minute, with the two rules the pipeline must follow. */
  private long truth(String meterId, int minute) {
    long[] t = expected.perMeter().get(meterId);
    int replaced = (int) ((REPLACED_AT.toEpochMilli() - DAY.toEpochMilli()) / M);
    if (meterId.equals(REPLACED) && minute == replaced - 1) {
      return 0; // the interval ending at the replacement is unknown: a new baseline, never guessed
    }
    int lost = (int) ((at("02:00").toEpochMilli() - DAY.toEpochMilli()) / M);
    if (meterId.equals(TOO_LATE) && (minute == lost - 1 || minute == lost)) {
      long both = t[lost - 1] + t[lost];
      return minute == lost - 1 ? both / 2 : both - both / 2; // the 02:00 reading never counted: spread evenly
    }
    return t[minute];
  }

  private MeterRegistration registrationAt(SimulatedMeter m, int minute) {
    long time = DAY.toEpochMilli() + minute * M;
    return m.id().equals(MOVED) && time >= NOON.toEpochMilli() ? moved : m.registration();
  }

  /** Expected electricity of a node per window start, summed over the accounting meters the predicate picks. */
  private Map<Long, Long> expectedWindows(BiPredicate<MeterRegistration, Integer> inNode, long windowMinutes) {
    Map<Long, Long> out = new TreeMap<>();
    for (SimulatedMeter m : hospital.meters()) {
      for (int minute = 0; minute < 1440; minute++) {
        MeterRegistration r = registrationAt(m, minute);
        if (!r.getAccounting() || !r.getEnergyType().name().equals("ELECTRICITY") || !inNode.test(r, minute)) {
          continue;
        }
        long start = DAY.toEpochMilli() + (minute / windowMinutes) * windowMinutes * M;
        out.merge(start, truth(m.id(), minute), Long::sum);
      }
    }
    return out;
  }

  private Map<Long, Long> actualWindows(String table, String nodeId) throws Exception {
    Map<Long, Long> out = new TreeMap<>();
    try (Connection c = fx.clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT toUnixTimestamp(window_start), toInt64(sum(consumption) * 1000) FROM "
            + table + " FINAL WHERE node_id = '" + nodeId + "' AND energy_type = 'ELECTRICITY' GROUP BY window_start")) {
      while (rs.next()) {
        out.put(rs.getLong(1) * 1000, rs.getLong(2));
      }
    }
    return out;
  }

  private void assertEveryWindowSize(String nodeId, BiPredicate<MeterRegistration, Integer> inNode) throws Exception {
    for (var size : List.of(Map.entry("node_energy_1m", 1L), Map.entry("node_energy_15m", 15L),
        Map.entry("node_energy_1h", 60L), Map.entry("node_energy_1d", 1440L))) {
      Map<Long, Long> want = expectedWindows(inNode, size.getValue());
      assertThat(want).as("%s has consumption", nodeId).isNotEmpty();
      assertThat(actualWindows(size.getKey(), nodeId)).as("%s in %s", nodeId, size.getKey()).isEqualTo(want);
    }
  }

  @Test
  void roomKeepsItsMeterAcrossTheMove() throws Exception {
    assertEveryWindowSize("PPH/MAIN/IP2/F02/IP2-F02-R231", (r, m) -> "IP2-F02-R231".equals(r.getSpatial().getRoom()));
  }

  @Test
  void departmentsSwapTheMovedRoomAtNoon() throws Exception {
    assertEveryWindowSize("PPH/MAIN/RADIOLOGY", (r, m) -> "RADIOLOGY".equals(r.getSpatial().getDepartment()));
    assertEveryWindowSize("PPH/MAIN/NUCLEAR-MED", (r, m) -> "NUCLEAR-MED".equals(r.getSpatial().getDepartment()));
    // the move is visible: SPECT counted for nuclear medicine before noon and for radiology after
    assertThat(expectedWindows((r, m) -> r.getMeterId().equals(MOVED) && "RADIOLOGY".equals(r.getSpatial().getDepartment()), 1440)
        .values().iterator().next()).isPositive();
  }

  @Test
  void floorsAndBuildingsIncludeTheReplacedAndLateMeters() throws Exception {
    assertEveryWindowSize("PPH/MAIN/IP2/F07", (r, m) -> "IP2".equals(r.getSpatial().getBuilding()) && "F07".equals(r.getSpatial().getFloor()));
    assertEveryWindowSize("PPH/MAIN/IP1", (r, m) -> "IP1".equals(r.getSpatial().getBuilding()));
    assertEveryWindowSize("PPH/MAIN/ADM", (r, m) -> "ADM".equals(r.getSpatial().getBuilding()));
    assertEveryWindowSize("PPH/MAIN/IP5", (r, m) -> "IP5".equals(r.getSpatial().getBuilding()));
    assertEveryWindowSize("PPH", (r, m) -> true);
  }

  @Test
  void systemsAndDevicesRollUpTheItemizedHierarchy() throws Exception {
    assertEveryWindowSize("PPH/MAIN/IP2/special", (r, m) -> "IP2".equals(r.getSpatial().getBuilding())
        && "special".equals(r.getItemized().getSystem()));
    assertEveryWindowSize("PPH/MAIN/IP2/hvac/chiller-plant", (r, m) -> "chiller-plant".equals(r.getItemized().getSubsystem()));
    assertEveryWindowSize("PPH/MAIN/IP2/special/medical-equipment/SPECT", (r, m) -> r.getMeterId().equals(MOVED));
  }

  @Test
  void virtualMeterIsItsFormulaOfTheMetersTruth() throws Exception {
    int pw = hospital.meters().stream().map(SimulatedMeter::id).toList().indexOf("IP2-F05-PW");
    int or = hospital.meters().stream().map(SimulatedMeter::id).toList().indexOf("IP2-EQ-OR-HYBRID");
    assertThat(pw).isNotNegative();
    assertThat(or).isNotNegative();
    for (var size : List.of(Map.entry("node_energy_1m", 1L), Map.entry("node_energy_15m", 15L),
        Map.entry("node_energy_1h", 60L), Map.entry("node_energy_1d", 1440L))) {
      Map<Long, Long> want = new TreeMap<>();
      for (int minute = 0; minute < 1440; minute++) {
        long start = DAY.toEpochMilli() + (minute / size.getValue()) * size.getValue() * M;
        // each meter-minute's share is rounded to whole milli-units (Math.round), then summed
        want.merge(start, truth("IP2-F05-PW", minute) + Math.round(-0.5 * truth("IP2-EQ-OR-HYBRID", minute)), Long::sum);
      }
      assertThat(actualWindows(size.getKey(), "virtual/" + VIRTUAL)).as("virtual meter in %s", size.getKey())
          .isEqualTo(want);
    }
  }

  @Test
  void badAndLateReadingsAreAccountedFor() throws Exception {
    List<DeadLetter> dead = fx.deadLetters();
    assertThat(dead.stream().collect(Collectors.groupingBy(DeadLetter::getReasonCode, Collectors.counting())))
        .isEqualTo(Map.of("DUPLICATE", 11L)); // 08:00 to 08:10 sent twice
    List<DeadLetter> late = fx.lateReadings();
    assertThat(late).singleElement().satisfies(d -> {
      assertThat(d.getReasonCode()).isEqualTo("LATE");
      assertThat(MeterReading.getDecoder().decode(d.getOriginalValue()).getMeterId()).isEqualTo(TOO_LATE);
    });
    assertThat(fx.queryLong("SELECT count() FROM meter_events FINAL WHERE kind = 'RESET' AND meter_id = '" + REPLACED
        + "' AND event_time = '2026-11-19 06:00:00'")).isEqualTo(1);
    assertThat(fx.queryLong("SELECT count() FROM meter_events FINAL WHERE kind = 'ROLLOVER' AND meter_id = '"
        + ReferenceHospital.ROLLOVER_METER + "'")).isEqualTo(1);
    // the reading fifty minutes late is on neither topic: it was placed between its neighbours (as a
    // correction if the watermark had passed it, in order if a slower partition held the watermark back;
    // which one depends on timing, both give the exact minutes that everyMeterMinuteIsExact checks)
    assertThat(dead.stream().map(DeadLetter::getReason).filter(r -> r.contains("10:00:00")).toList()).isEmpty();
  }

  @Test
  void everyMeterMinuteIsExact() throws Exception {
    Map<String, Map<Long, Long>> actual = fx.meterMinutes();
    for (SimulatedMeter m : hospital.meters()) {
      for (int minute = 0; minute < 1440; minute++) {
        assertThat(actual.get(m.id()).get(expected.minuteStartMs(minute))).as("%s minute %d", m.id(), minute)
            .isEqualTo(truth(m.id(), minute));
      }
    }
  }
}
