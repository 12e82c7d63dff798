package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.EnvReading;
import io.wattward.schema.MeterReading;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.topology.EnvFactor;
import io.wattward.topology.SensorInfo;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A day of the 33 environment sensor sets through real Kafka, Flink and ClickHouse, with an operating
 * room out of its humidity range for 40 minutes, a reading sent twice, two in one minute, one out of
 * order, one too late, one from an unknown sensor, one from a broken sensor and one undecodable.
 * Every row of env_1m/15m/1h/1d is checked against windows computed here with plain loops from the
 * readings that were sent and the range profiles of the configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupJobEnvironmentTest {

  private static final Instant DAY = Instant.parse("2026-11-18T16:00:00Z"); // 2026-11-19 00:00 in Shanghai
  private static final long M = 60_000;
  private static final String OR = "IP2-F05-ENV-A";
  private static final Instant EXCURSION_FROM = utc("02:00"); // 10:00 local
  private static final Instant EXCURSION_TO = utc("02:40");
  private static final String DUPLICATED = "IP2-F07-ENV-A";
  private static final String TWICE_A_MINUTE = "IP2-F09-ENV-B";
  private static final String SWAPPED = "IP2-F10-ENV-A";
  private static final String TOO_LATE = "IP2-F11-ENV-A";
  private static final String BROKEN = "IP2-F12-ENV-A";
  private static final Instant END = DAY.plusSeconds(86_400);
  private static final EnvFactor[] FACTORS = EnvFactor.values();

  private PipelineFixture fx;
  private List<SensorInfo> sensors;
  private WattwardConfig.Environment environment;
  /** what the job should use: sensor -> event time -> values (NaN: absent) */
  private final Map<String, TreeMap<Long, double[]>> accepted = new HashMap<>();

  private static Instant utc(String hhmm) {
    return Instant.parse("2026-11-19T" + hhmm + ":00Z");
  }

  private final class Mishaps implements HospitalSimulator.Output {
    private final KafkaPublisher out;
    private EnvReading held;
    private final List<EnvReading> heldUntilEnd = new ArrayList<>();

    Mishaps(KafkaPublisher out) {
      this.out = out;
    }

    @Override
    public void meterReading(MeterReading reading) {}

    private void send(EnvReading r, boolean counts) {
      out.envReading(r);
      if (counts) {
        double[] v = new double[FACTORS.length];
        for (EnvFactor f : FACTORS) {
          Double x = f.of(r);
          v[f.ordinal()] = x == null ? Double.NaN : x;
        }
        accepted.computeIfAbsent(r.getSensorId(), k -> new TreeMap<>()).put(r.getEventTime().toEpochMilli(), v);
      }
    }

    @Override
    public void envReading(EnvReading r) {
      String id = r.getSensorId();
      Instant t = r.getEventTime();
      if (id.equals(OR) && !t.isBefore(EXCURSION_FROM) && t.isBefore(EXCURSION_TO)) {
        r = EnvReading.newBuilder(r).setHumidityPct(68.0).build(); // the theatre's humidifier runs away
      }
      if (id.equals(SWAPPED) && t.equals(utc("05:00"))) {
        held = r;
        return;
      }
      if (id.equals(TOO_LATE) && t.equals(utc("01:00"))) {
        heldUntilEnd.add(r);
        return;
      }
      if (id.equals(BROKEN) && t.equals(utc("07:00"))) {
        send(EnvReading.newBuilder(r).setHumidityPct(130.0).build(), false);
        return;
      }
      send(r, true);
      if (id.equals(DUPLICATED) && t.equals(utc("03:00"))) {
        send(r, false);
      }
      if (id.equals(TWICE_A_MINUTE) && t.equals(utc("04:00"))) {
        send(EnvReading.newBuilder(r).setEventTime(t.plusSeconds(30)).setTemperatureC(r.getTemperatureC() + 1.0)
            .setCo2Ppm(null).build(), true);
      }
      if (id.equals(SWAPPED) && t.equals(utc("05:01"))) {
        send(held, true); // a minute behind, within the allowed lateness
      }
      if (t.equals(utc("06:00")) && id.equals(OR)) {
        send(EnvReading.newBuilder(r).setSensorId("IP9-ENV-X").build(), false);
        out.send(fx.config.kafka().topics().envReadings(), "junk", "not avro".getBytes(StandardCharsets.UTF_8));
      }
    }

  }

  @BeforeAll
  void runTheDay() throws Exception {
    fx = new PipelineFixture("e2e_environment");
    ReferenceHospital hospital = new ReferenceHospital(29);
    sensors = hospital.sensorRegistry();
    environment = fx.config.environment();
    // the job runs live: lateness is measured against the watermark, so the too-late reading is sent only
    // once the job's output shows the watermark has passed the end of the day
    RollupJob job = RollupJob.fromConfig(fx.config, hospital.registrations(), sensors, false);
    StreamExecutionEnvironment env = PipelineFixture.localFlink(0);
    job.configure(env);
    job.build(env);
    JobClient client = env.executeAsync("wattward environment test");
    try (KafkaPublisher publisher = fx.publisher()) {
      Mishaps mishaps = new Mishaps(publisher);
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 29)
          .run(DAY, END.plusSeconds(600), mishaps, null, true);
      publisher.flush();
      waitFor(() -> fx.queryLong("SELECT count() FROM env_1d FINAL WHERE window_start = toDateTime("
          + DAY.getEpochSecond() + ")") > 0 && fx.queryLong("SELECT count() FROM env_1m FINAL WHERE window_start = "
          + "toDateTime(" + (END.getEpochSecond() - 60) + ")") > 0);
      mishaps.heldUntilEnd.forEach(r -> mishaps.send(r, false)); // 23 hours late
      publisher.flush();
      waitFor(() -> !fx.lateReadings().isEmpty());
      Thread.sleep(1_000); // the other sinks' last flushes
    } finally {
      client.cancel().get();
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (!condition.holds()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the job did not get there within two minutes");
      }
      Thread.sleep(500);
    }
  }

  /** One node's window, computed here. */
  private static final class Window {
    final double[] sum = new double[FACTORS.length];
    final int[] count = new int[FACTORS.length];
    final double[] min = new double[FACTORS.length];
    final double[] max = new double[FACTORS.length];
    final int[] out = new int[FACTORS.length];
    int outAny;
    int sensorMinutes;

    Window() {
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** sensor-minutes, minutes out, then avg, min, max, minutes out per factor (NaN: not reported) */
    double[] values() {
      double[] v = new double[2 + 4 * FACTORS.length];
      v[0] = sensorMinutes;
      v[1] = outAny;
      for (int i = 0; i < FACTORS.length; i++) {
        v[2 + 4 * i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        v[3 + 4 * i] = count[i] == 0 ? Double.NaN : min[i];
        v[4 + 4 * i] = count[i] == 0 ? Double.NaN : max[i];
        v[5 + 4 * i] = out[i];
      }
      return v;
    }
  }

  /** Equal but for the order of floating-point additions. */
  private static boolean same(double[] a, double[] b) {
    if (a == null || b == null || a.length != b.length) {
      return a == b;
    }
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i]) != Double.isNaN(b[i]) || Math.abs(a[i] - b[i]) > 1e-9 * Math.max(1, Math.abs(a[i]))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> nodesOf(SensorInfo s) {
    String campus = s.hospital() + "/" + s.campus();
    if (s.building() == null) {
      return List.of(campus);
    }
    List<String> nodes = new ArrayList<>();
    String building = campus + "/" + s.building();
    nodes.add(building);
    nodes.add(building + "/" + s.floor());
    nodes.add(building + "/" + s.floor() + "/" + s.room());
    if (s.department() != null) {
      nodes.add(campus + "/" + s.department());
    }
    return nodes;
  }

  /** node -> window start -> rendered window, for windows of {@code minutes} (days start at local midnight). */
  private Map<String, Map<Long, double[]>> expected(int minutes) {
    Map<String, WattwardConfig.Range[]> ranges = new HashMap<>();
    environment.profiles().forEach((type, byFactor) -> {
      WattwardConfig.Range[] r = new WattwardConfig.Range[FACTORS.length];
      byFactor.forEach((field, range) -> r[EnvFactor.byField(field).ordinal()] = range);
      ranges.put(type, r);
    });
    Map<String, Map<Long, Window>> windows = new HashMap<>();
    Map<String, Map<Long, Integer>> outMasks = new HashMap<>(); // node -> minute -> factors out
    for (SensorInfo s : sensors) {
      Map<Long, List<double[]>> byMinute = new TreeMap<>();
      accepted.getOrDefault(s.sensorId(), new TreeMap<>())
          .forEach((t, v) -> byMinute.computeIfAbsent(Math.floorDiv(t, M) * M, k -> new ArrayList<>()).add(v));
      for (Map.Entry<Long, List<double[]>> e : byMinute.entrySet()) {
        double[] mean = new double[FACTORS.length];
        int mask = 0;
        for (int i = 0; i < FACTORS.length; i++) {
          double sum = 0;
          int n = 0;
          for (double[] v : e.getValue()) {
            if (!Double.isNaN(v[i])) {
              sum += v[i];
              n++;
            }
          }
          mean[i] = n == 0 ? Double.NaN : sum / n;
          WattwardConfig.Range r = ranges.get(s.roomType())[i];
          if (n > 0 && r != null && ((r.min() != null && mean[i] < r.min()) || (r.max() != null && mean[i] > r.max()))) {
            mask |= 1 << i;
          }
        }
        if (e.getKey() >= END.toEpochMilli()) {
          continue; // the readings after midnight only moved the watermark on
        }
        long window = DAY.toEpochMilli() + Math.floorDiv(e.getKey() - DAY.toEpochMilli(), minutes * M) * minutes * M;
        for (String node : nodesOf(s)) {
          Window w = windows.computeIfAbsent(node, k -> new TreeMap<>()).computeIfAbsent(window, k -> new Window());
          w.sensorMinutes++;
          for (int i = 0; i < FACTORS.length; i++) {
            if (!Double.isNaN(mean[i])) {
              w.sum[i] += mean[i];
              w.count[i]++;
              w.min[i] = Math.min(w.min[i], mean[i]);
              w.max[i] = Math.max(w.max[i], mean[i]);
            }
          }
          outMasks.computeIfAbsent(node, k -> new TreeMap<>()).merge(e.getKey(), mask, (a, b) -> a | b);
        }
      }
    }
    outMasks.forEach((node, masks) -> masks.forEach((minute, mask) -> {
      long window = DAY.toEpochMilli() + Math.floorDiv(minute - DAY.toEpochMilli(), minutes * M) * minutes * M;
      Window w = windows.get(node).get(window);
      for (int i = 0; i < FACTORS.length; i++) {
        if ((mask & (1 << i)) != 0) {
          w.out[i]++;
        }
      }
      if (mask != 0) {
        w.outAny++;
      }
    }));
    Map<String, Map<Long, double[]>> rendered = new TreeMap<>();
    windows.forEach((node, ws) -> ws.forEach((start, w) ->
        rendered.computeIfAbsent(node, k -> new TreeMap<>()).put(start, w.values())));
    return rendered;
  }

  private Map<String, Map<Long, double[]>> actual(String table) throws Exception {
    StringBuilder columns = new StringBuilder("node_id, toUnixTimestamp(window_start), sensor_minutes, minutes_out");
    for (EnvFactor f : FACTORS) {
      columns.append(String.format(", %1$s_avg_%2$s, %1$s_min_%2$s, %1$s_max_%2$s, %1$s_minutes_out", f.column, f.unit));
    }
    Map<String, Map<Long, double[]>> out = new TreeMap<>();
    try (Connection c = fx.clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + table + " FINAL WHERE window_start < toDateTime("
            + END.getEpochSecond() + ")")) {
      while (rs.next()) {
        double[] v = new double[2 + 4 * FACTORS.length];
        for (int i = 0; i < v.length; i++) {
          double d = rs.getDouble(3 + i);
          v[i] = rs.wasNull() ? Double.NaN : d;
        }
        out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getLong(2) * 1000, v);
      }
    }
    return out;
  }

  @Test
  void everyNodeWindowMatchesTheReadingsAtEveryWindowSize() throws Exception {
    for (Object[] size : new Object[][] {{"env_1m", 1}, {"env_15m", 15}, {"env_1h", 60}, {"env_1d", 1440}}) {
      Map<String, Map<Long, double[]>> expected = expected((Integer) size[1]);
      Map<String, Map<Long, double[]>> actual = actual((String) size[0]);
      List<String> differences = new ArrayList<>();
      java.util.Set<String> nodes = new java.util.TreeSet<>(expected.keySet());
      nodes.addAll(actual.keySet());
      for (String node : nodes) {
        Map<Long, double[]> e = expected.getOrDefault(node, Map.of());
        Map<Long, double[]> a = actual.getOrDefault(node, Map.of());
        java.util.Set<Long> starts = new java.util.TreeSet<>(e.keySet());
        starts.addAll(a.keySet());
        for (Long start : starts) {
          if (!same(e.get(start), a.get(start))) {
            differences.add(node + " @" + Instant.ofEpochMilli(start) + "\n  expected " + java.util.Arrays.toString(
                e.get(start)) + "\n  actual   " + java.util.Arrays.toString(a.get(start)));
          }
        }
      }
      assertThat(expected).as("windows computed by the test").isNotEmpty();
      assertThat(differences.size()).as(size[0] + ": " + differences.size() + " windows differ; the first ones:\n"
          + String.join("\n", differences.subList(0, Math.min(4, differences.size())))).isZero();
    }
  }

  @Test
  void theOperatingRoomsHumidityExcursionIsCountedInItsRoomFloorBuildingAndDepartment() throws Exception {
    long hour = EXCURSION_FROM.getEpochSecond();
    for (String node : List.of("PPH/MAIN/IP2/F05/IP2-F05-R501", "PPH/MAIN/IP2/F05", "PPH/MAIN/IP2",
        "PPH/MAIN/OPERATING-THEATRE")) {
      try (Connection c = fx.clickhouse.open(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT humidity_minutes_out, humidity_max_pct FROM env_1h FINAL "
              + "WHERE node_id = '" + node + "' AND window_start = toDateTime(" + hour + ")")) {
        assertThat(rs.next()).as(node).isTrue();
        assertThat(rs.getInt(1)).as(node).isGreaterThanOrEqualTo(40); // 10:00-10:39 at 68 % (> 60 %)
        assertThat(rs.getDouble(2)).as(node).isEqualTo(68.0);
      }
    }
    // the room's type is on its rows, and the outdoor sensor set stands for the campus
    assertThat(fx.queryLong("SELECT count() FROM env_1d FINAL WHERE node_level = 'room' AND room_type = 'operating-room' "
        + "AND window_start = toDateTime(" + DAY.getEpochSecond() + ")")).isEqualTo(2);
    assertThat(fx.queryLong("SELECT count() FROM env_1h FINAL WHERE node_level = 'campus' AND node_id = 'PPH/MAIN' "
        + "AND isNull(voc_avg_ppb) AND isNotNull(temperature_avg_c) AND window_start < toDateTime(" + END.getEpochSecond()
        + ")")).isEqualTo(24);
  }

  @Test
  void badAndLateReadingsAreSetAsideWithTheirReason() throws Exception {
    Map<String, Long> reasons = fx.deadLetters().stream()
        .collect(Collectors.groupingBy(DeadLetter::getReasonCode, Collectors.counting()));
    assertThat(reasons).isEqualTo(Map.of("DUPLICATE", 1L, "UNKNOWN_SENSOR", 1L, "IMPLAUSIBLE", 1L, "UNDECODABLE", 1L));
    List<DeadLetter> late = fx.lateReadings();
    assertThat(late).hasSize(1);
    assertThat(late.get(0).getReasonCode()).isEqualTo("LATE");
    assertThat(EnvReading.getDecoder().decode(late.get(0).getOriginalValue()).getSensorId()).isEqualTo(TOO_LATE);
  }
}
