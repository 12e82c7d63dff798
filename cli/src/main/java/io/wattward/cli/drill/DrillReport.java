package io.wattward.cli.drill;

import io.wattward.cli.TextTable;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.kafka.TopicReader;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.MeterRegistration;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HostileReadings;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a drill found: ClickHouse against the simulator's exact truth (every meter-minute, every
 * building's day per energy type), what a second bounded run changed, where every hostile record went,
 * and how long the job took to come back from each fault.
 */
public final class DrillReport {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final ClickHouseEndpoint clickhouse;
  private final WattwardConfig config;
  private final List<MeterRegistration> registrations;
  private final ExpectedTotals expected;
  private final ZoneId zone;
  private final List<HostileReadings.Sent> hostile;
  private final Map<HostileReadings.Kind, Integer> hostileCounts;

  long meterMinutesExpected;
  long meterMinutesFound;
  long meterMinutesMissing;
  long meterMinutesExtra;
  long meterMinutesDiffering;
  int buildingDays;
  int buildingDaysDiffering;
  long secondRunChanged = -1;
  final Map<HostileReadings.Kind, long[]> perKind = new EnumMap<>(HostileReadings.Kind.class);
  long validDeadLettered;
  long validReceivedTwice;
  long deadLettersWrittenTwice;
  long topicRecords;
  long topicRepeats = -1;
  long topicMeterMinutesCompared;
  long topicMeterMinutesMissing = -1;
  long topicMeterMinutesDiffering;
  long topicMeterMinutesAtTheEnd;
  Instant firstMissingFromTopic;
  private List<Drill.Fault> faults = List.of();
  private int jobStarts;
  private int internalRestarts;
  private Duration wall = Duration.ZERO;
  private String clusterRestUrl;
  private int taskManagersKilled;
  private long clusterRestores;

  DrillReport(ClickHouseEndpoint clickhouse, WattwardConfig config, List<MeterRegistration> registrations,
      ExpectedTotals expected, ZoneId zone, List<HostileReadings.Sent> hostile,
      Map<HostileReadings.Kind, Integer> hostileCounts) {
    this.clickhouse = clickhouse;
    this.config = config;
    this.registrations = registrations;
    this.expected = expected;
    this.zone = zone;
    this.hostile = hostile;
    this.hostileCounts = hostileCounts;
  }

  /** Every meter-minute and every building-day in ClickHouse against the truth. */
  void compareWithTruth() throws Exception {
    Map<String, long[]> truth = expected.perMeter();
    long from = expected.minuteStartMs(0) / 1000;
    long to = expected.minuteStartMs(expected.minutes()) / 1000;
    meterMinutesExpected = (long) truth.size() * expected.minutes();
    Set<String> seen = new HashSet<>();
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT meter_id, toUnixTimestamp(minute_start), toInt64(consumption * 1000) "
            + "FROM meter_minute FINAL")) {
      while (rs.next()) {
        long[] meter = truth.get(rs.getString(1));
        long t = rs.getLong(2);
        if (meter == null || t < from || t >= to || !seen.add(rs.getString(1) + "|" + t)) {
          meterMinutesExtra++;
          continue;
        }
        meterMinutesFound++;
        if (meter[(int) ((t - from) / 60)] != rs.getLong(3)) {
          meterMinutesDiffering++;
        }
      }
    }
    meterMinutesMissing = meterMinutesExpected - meterMinutesFound;

    // a building's day per energy type: its accounting meters' truth, summed by local day
    Map<String, Long> days = new TreeMap<>();
    for (MeterRegistration r : registrations) {
      long[] meter = truth.get(r.getMeterId());
      if (!r.getAccounting() || r.getFormula() != null || r.getSpatial().getBuilding() == null || meter == null) {
        continue;
      }
      String building = r.getSpatial().getHospital() + "/" + r.getSpatial().getCampus() + "/"
          + r.getSpatial().getBuilding();
      for (int i = 0; i < meter.length; i++) {
        LocalDate day = Instant.ofEpochMilli(expected.minuteStartMs(i)).atZone(zone).toLocalDate();
        days.merge(building + "|" + r.getEnergyType() + "|" + day, meter[i], Long::sum);
      }
    }
    buildingDays = days.size();
    Map<String, Long> found = new HashMap<>();
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT node_id, energy_type, toUnixTimestamp(window_start), "
            + "toInt64(sum(consumption) * 1000) FROM node_energy_1d FINAL WHERE node_level = 'building' "
            + "GROUP BY node_id, energy_type, window_start")) {
      while (rs.next()) {
        LocalDate day = Instant.ofEpochSecond(rs.getLong(3)).atZone(zone).toLocalDate();
        found.put(rs.getString(1) + "|" + rs.getString(2) + "|" + day, rs.getLong(4));
      }
    }
    for (var e : days.entrySet()) {
      if (!e.getValue().equals(found.get(e.getKey()))) {
        buildingDaysDiffering++;
      }
    }
    for (String key : found.keySet()) {
      if (!days.containsKey(key)) {
        buildingDaysDiffering++;
      }
    }
  }

  /** A fingerprint of everything the rollup job wrote, as an analyst reads it (FINAL). */
  String checksum() throws Exception {
    StringBuilder sb = new StringBuilder();
    String[] queries = {
        "SELECT count(), sum(cityHash64(meter_id, toString(minute_start), toString(consumption), readings, version)) "
            + "FROM meter_minute FINAL",
        "SELECT count(), sum(cityHash64(meter_id, toString(event_time), kind, detail)) FROM meter_events FINAL"};
    for (String q : queries) {
      sb.append(scalar(q)).append(';');
    }
    for (String size : List.of("1m", "15m", "1h", "1d")) {
      sb.append(scalar("SELECT count(), sum(cityHash64(node_level, node_id, energy_type, sub_item_code, "
          + "toString(window_start), toString(consumption), meter_minutes, toString(cost_cny), version)) FROM node_energy_"
          + size + " FINAL")).append(';');
      sb.append(scalar("SELECT count(), sum(cityHash64(node_level, node_id, toString(window_start), sensor_minutes, "
          + "minutes_out, version)) FROM env_" + size + " FINAL")).append(';');
    }
    return sb.toString();
  }

  private String scalar(String sql) throws Exception {
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1) + "/" + rs.getString(2);
    }
  }

  /** The tables before and after a second bounded run over the same data. */
  void secondRun(String before, String after) {
    String[] b = before.split(";");
    String[] a = after.split(";");
    secondRunChanged = 0;
    for (int i = 0; i < b.length; i++) {
      if (!b[i].equals(a[i])) {
        secondRunChanged++;
      }
    }
  }

  /** Every hostile record must be on the dead-letter topic, once, with the reason of its kind. */
  void accountDeadLetters() {
    String meterTopic = config.kafka().topics().meterReadings();
    Map<String, Set<String>> reasonsAt = new HashMap<>();
    long[] total = {0};
    TopicReader.readToEnd(config.kafka().bootstrap(), config.kafka().topics().deadLetters(), r -> {
      DeadLetter d;
      try {
        d = DeadLetter.getDecoder().decode(ByteBuffer.wrap(r.value()), null);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("the dead-letter topic holds a record that is not a DeadLetter", e);
      }
      if (!meterTopic.equals(d.getSourceTopic())) {
        reasonsAt.computeIfAbsent("other|" + d.getSourceTopic() + "|" + d.getReasonCode(), k -> new HashSet<>())
            .add(d.getSourcePartition() + "@" + d.getSourceOffset());
        total[0]++;
        return;
      }
      total[0]++;
      reasonsAt.computeIfAbsent(d.getSourcePartition() + "@" + d.getSourceOffset(), k -> new HashSet<>())
          .add(d.getReasonCode());
    });
    // meter-readings: reasons per position; other topics: positions per reason. Either way, one per dead letter
    long distinct = reasonsAt.values().stream().mapToLong(Set::size).sum();
    deadLettersWrittenTwice = total[0] - distinct;
    Set<String> accounted = new HashSet<>();
    for (HostileReadings.Kind kind : HostileReadings.Kind.values()) {
      perKind.put(kind, new long[] {hostileCounts.getOrDefault(kind, 0), 0, 0, 0});
    }
    for (HostileReadings.Sent s : hostile) {
      long[] row = perKind.get(s.kind());
      String at = s.at().partition() + "@" + s.at().offset();
      String twin = s.twin() == null ? null : s.twin().partition() + "@" + s.twin().offset();
      Set<String> reasons = reasonsAt.getOrDefault(at, Set.of());
      Set<String> twinReasons = twin == null ? Set.of() : reasonsAt.getOrDefault(twin, Set.of());
      if (reasons.contains(s.kind().reason)) {
        row[1]++;
        accounted.add(at);
      } else if (twinReasons.contains(s.kind().reason)) {
        row[1]++;
        accounted.add(twin);
      } else if (!reasons.isEmpty() || !twinReasons.isEmpty()) {
        row[2]++;
        accounted.add(at);
      } else {
        row[3]++;
      }
    }
    for (var e : reasonsAt.entrySet()) {
      if (accounted.contains(e.getKey())) {
        continue;
      }
      if (e.getKey().startsWith("other|") || !e.getValue().equals(Set.of("DUPLICATE"))) {
        validDeadLettered += e.getKey().startsWith("other|") ? e.getValue().size() : 1;
      } else {
        // a valid reading the broker took twice: the producer retried a batch while the broker was away
        validReceivedTwice++;
      }
    }
  }

  /**
   * What the jobs downstream read (committed records of meter-minutes, node-windows, env-minutes): no
   * record twice, although the job was killed three times after writing records its last checkpoint did
   * not cover.
   */
  void countTopicRepeats() {
    WattwardConfig.Topics topics = config.kafka().topics();
    topicRecords = 0;
    topicRepeats = 0;
    Set<String> seen = new HashSet<>();
    java.util.function.BiConsumer<String, java.util.function.Function<ByteBuffer, String>> read = (topic, identity) ->
        TopicReader.readToEnd(config.kafka().bootstrap(), topic, r -> {
          topicRecords++;
          if (!seen.add(topic + "|" + identity.apply(ByteBuffer.wrap(r.value())))) {
            topicRepeats++;
          }
        });
    read.accept(topics.meterMinutes(), v -> decode(() -> {
      var m = io.wattward.schema.MeterMinuteRecord.getDecoder().decode(v);
      return m.getMeterId() + "|" + m.getMinuteStart() + "|" + m.getVersion();
    }));
    read.accept(topics.nodeWindows(), v -> decode(() -> {
      var w = io.wattward.schema.NodeWindow.getDecoder().decode(v);
      return w.getSize() + "|" + w.getNodeId() + "|" + w.getEnergyType() + "|" + w.getSubItem() + "|"
          + w.getWindowStart() + "|" + w.getVersion();
    }));
    read.accept(topics.envMinutes(), v -> decode(() -> {
      var e = io.wattward.schema.EnvMinute.getDecoder().decode(v);
      return e.getLevel() + "|" + e.getNodeId() + "|" + e.getMinuteStart();
    }));
  }

  /** The day's last minutes: a bounded run writes them at the end of its input, to ClickHouse only. */
  static final int TOPIC_TAIL_MINUTES = 5;

  /**
   * Every meter-minute in ClickHouse is also on the meter-minutes topic, its latest version there with the same
   * consumption: what the anomaly and forecast jobs read is what analysts read. The day's last
   * {@link #TOPIC_TAIL_MINUTES} minutes are counted apart: the closing bounded run writes them to ClickHouse only
   * (the windows still open at the end of the input; see README, "Bounded runs").
   */
  void compareMeterMinuteTopic() throws Exception {
    Map<String, long[]> latest = new HashMap<>(); // meter|minute start s -> {version, consumption in milli-units}
    TopicReader.readToEnd(config.kafka().bootstrap(), config.kafka().topics().meterMinutes(), r -> {
      var m = decodeMinute(r.value());
      long[] v = latest.computeIfAbsent(m.getMeterId() + "|" + m.getMinuteStart().getEpochSecond(),
          k -> new long[] {Long.MIN_VALUE, 0});
      if (m.getVersion() > v[0]) {
        v[0] = m.getVersion();
        v[1] = Math.round(m.getConsumption() * 1000);
      }
    });
    long tailFrom = expected.minuteStartMs(expected.minutes() - TOPIC_TAIL_MINUTES) / 1000;
    topicMeterMinutesMissing = 0;
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT meter_id, toUnixTimestamp(minute_start), toInt64(consumption * 1000) "
            + "FROM meter_minute FINAL ORDER BY minute_start")) {
      while (rs.next()) {
        long[] onTopic = latest.get(rs.getString(1) + "|" + rs.getLong(2));
        if (rs.getLong(2) >= tailFrom) {
          topicMeterMinutesAtTheEnd++;
          continue;
        }
        topicMeterMinutesCompared++;
        if (onTopic == null) {
          topicMeterMinutesMissing++;
          if (firstMissingFromTopic == null) {
            firstMissingFromTopic = Instant.ofEpochSecond(rs.getLong(2));
          }
        } else if (onTopic[1] != rs.getLong(3)) {
          topicMeterMinutesDiffering++;
        }
      }
    }
  }

  private static io.wattward.schema.MeterMinuteRecord decodeMinute(byte[] value) {
    try {
      return io.wattward.schema.MeterMinuteRecord.getDecoder().decode(value);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("a record on the meter-minutes topic does not decode", e);
    }
  }

  private interface Decoding {
    String identity() throws java.io.IOException;
  }

  private static String decode(Decoding d) {
    try {
      return d.identity();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("a record on a job's topic does not decode", e);
    }
  }

  void faults(List<Drill.Fault> faults, int jobStarts, int internalRestarts, Duration wall) {
    this.faults = List.copyOf(faults);
    this.jobStarts = jobStarts;
    this.internalRestarts = internalRestarts;
    this.wall = wall;
  }

  /** The job ran on a local Flink cluster: its REST URL, the TaskManagers killed, the job's restores there. */
  void cluster(String restUrl, int taskManagersKilled, long restores) {
    this.clusterRestUrl = restUrl;
    this.taskManagersKilled = taskManagersKilled;
    this.clusterRestores = restores;
  }

  /** Which mode ran, in words. */
  String mode() {
    return clusterRestUrl == null
        ? "local: `wattward run rollup` in a JVM of its own (Flink MiniCluster), its JVM killed"
        : "cluster: a local Flink standalone cluster of the drill's own (" + clusterRestUrl + ", 2 TaskManagers x 2 "
            + "slots, RocksDB), the job submitted with `wattward submit rollup --fresh`, TaskManagers killed";
  }

  int internalRestarts() {
    return internalRestarts;
  }

  List<Drill.Fault> faults() {
    return faults;
  }

  /** Nothing lost, doubled, differing or unaccounted. */
  public boolean passed() {
    return meterMinutesMissing == 0 && meterMinutesExtra == 0 && meterMinutesDiffering == 0 && buildingDaysDiffering == 0
        && secondRunChanged == 0 && validDeadLettered == 0 && topicRepeats == 0 && topicMeterMinutesMissing == 0
        && topicMeterMinutesDiffering == 0
        && perKind.values().stream().allMatch(r -> r[0] == r[1] && r[2] == 0 && r[3] == 0)
        && faults.stream().allMatch(f -> f.recoverySeconds() != null || f.note().contains("did not need"));
  }

  public void print(PrintStream out) {
    out.println();
    out.println("Mode: " + mode());
    out.println();
    out.println("Faults injected");
    TextTable f = new TextTable("fault", "at", "lasted s", "back to normal after s", "measured");
    for (Drill.Fault fault : faults) {
      f.row(fault.what(), CLOCK.format(fault.at()), fault.lasted().toSeconds(),
          fault.recoverySeconds() == null ? "never" : String.format("%.1f", fault.recoverySeconds()), fault.note());
    }
    f.print(out);
    if (clusterRestUrl == null) {
      out.printf("job JVMs started: %d (kills restarted them, then Ctrl-C and two bounded runs); restarts inside a "
          + "run (Flink restarting from its last checkpoint): %d; drill wall time %d s%n", jobStarts, internalRestarts,
          wall.toSeconds());
    } else {
      out.printf("TaskManagers killed: %d (another started each time); the cluster job restored from a checkpoint %d "
          + "time%s, then stopped with `wattward savepoint rollup --stop --cluster`; local bounded runs after it: %d; "
          + "restarts not caused by the kills (Flink restarting from its last checkpoint): %d; drill wall time %d s%n",
          taskManagersKilled, clusterRestores, clusterRestores == 1 ? "" : "s", jobStarts, internalRestarts,
          wall.toSeconds());
    }
    out.println();
    out.println("ClickHouse against the simulator's truth");
    TextTable t = new TextTable("what", "expected", "found", "missing", "extra", "differing");
    t.row("meter-minutes (meter_minute)", meterMinutesExpected, meterMinutesFound, meterMinutesMissing,
        meterMinutesExtra, meterMinutesDiffering);
    t.row("building-days per energy type (node_energy_1d)", buildingDays, buildingDays - buildingDaysDiffering, "", "",
        buildingDaysDiffering);
    t.print(out);
    out.printf("second bounded run over the same data: %s%n", secondRunChanged == 0
        ? "changed nothing (meter_minute, meter_events, node_energy_*, env_* identical)"
        : secondRunChanged + " of 10 tables changed");
    out.printf("topics for the jobs downstream (meter-minutes, node-windows, env-minutes, committed records): %,d "
        + "records, %d of them repeats%n", topicRecords, topicRepeats);
    out.printf("meter-minutes of ClickHouse on the meter-minutes topic (latest version, same consumption): %,d "
        + "compared, %,d missing%s, %,d differing; %,d in the day's last %d minutes not compared (written at the end "
        + "of the input, to ClickHouse only)%n", topicMeterMinutesCompared, topicMeterMinutesMissing,
        firstMissingFromTopic == null ? "" : " (the first at " + firstMissingFromTopic + ")", topicMeterMinutesDiffering,
        topicMeterMinutesAtTheEnd, TOPIC_TAIL_MINUTES);
    out.println();
    out.println("Hostile records mixed into the day, against the dead-letter topic");
    TextTable h = new TextTable("kind", "reason expected", "sent", "dead-lettered with it", "other reason", "missing");
    long[] sum = new long[4];
    for (var e : perKind.entrySet()) {
      long[] r = e.getValue();
      h.row(e.getKey().name().toLowerCase().replace('_', ' '), e.getKey().reason, r[0], r[1], r[2], r[3]);
      for (int i = 0; i < 4; i++) {
        sum[i] += r[i];
      }
    }
    h.row("all", "", sum[0], sum[1], sum[2], sum[3]);
    h.print(out);
    out.printf("valid records dead-lettered: %d; valid readings the broker took twice (producer retries while it was "
        + "away; the job counted them once): %d; dead letters written twice after a restart (at-least-once): %d%n",
        validDeadLettered, validReceivedTwice, deadLettersWrittenTwice);
    out.println();
    out.println(passed() ? "DRILL PASSED: nothing lost, doubled, differing or unaccounted."
        : "DRILL FAILED: see the tables above.");
  }
}
