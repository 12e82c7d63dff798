package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.cli.drill.ChildCommand;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.testing.LocalInfra;
import io.wattward.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loads and reports that cannot be done whole are not done at all: `wattward topology load` and
 * `wattward report run` as an operator runs them (a JVM of their own, the real Kafka and ClickHouse).
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class AllOrNothingLoadsTest {

  private static final String HEADER = "meter_id,point_kind,energy_type,category_code,sub_item_code,hospital,campus,"
      + "building,floor,department,room,system,subsystem,device,value_kind,unit,multiplier,register_capacity,"
      + "effective_from\n";

  private final LocalInfra infra = LocalInfra.get();

  private static String row(String meter, String building, String from) {
    return meter + ",floor,ELECTRICITY,01000,01A00,PPH,MAIN," + building + ",F01,,,,,,REGISTER,kWh,1,100000000," + from
        + "\n";
  }

  private record Run(int exitCode, String output) {}

  private Run wattward(Map<String, String> env, String... args) throws Exception {
    Path home = infra.projectRoot();
    try (ChildCommand c = ChildCommand.start(home, env, Files.createTempFile("wattward", ".log"), line -> { }, args)) {
      int code = c.waitFor(Duration.ofMinutes(2)).orElseThrow();
      StringBuilder out = new StringBuilder();
      c.lines().forEach(l -> out.append(l.text()).append('\n'));
      return new Run(code, out.toString());
    }
  }

  private Map<String, String> env(ClickHouseEndpoint db, String topology) {
    Map<String, String> env = new HashMap<>();
    env.put("WATTWARD_CLICKHOUSE_DATABASE", db.database());
    env.put("WATTWARD_KAFKA_TOPICS_TOPOLOGY", topology);
    return env;
  }

  @Test
  void aBadSecondFileOrAConflictingRegistrationLoadsNothing() throws Exception {
    ClickHouseEndpoint db = infra.newDatabase("loads");
    String topic = db.database() + "-topology";
    Path dir = Files.createTempDirectory("loads");
    Path good = Files.writeString(dir.resolve("topology.csv"), HEADER
        + row("IP1-F01-LS", "IP1", "2026-01-01T00:00:00Z") + row("IP1-F01-PW", "IP1", "2026-01-01T00:00:00Z"));
    Path badNodes = Files.writeString(dir.resolve("nodes.csv"), "node_level,node_id,name,beds,area_m2,people\n"
        + "department,PPH/MAIN/CARDIOLOGY,Cardiology,40,900,60\ndepartment,PPH/MAIN/OPD,Outpatients,many,1200,80\n");

    Run partial = wattward(env(db, topic), "topology", "load", "--csv", good.toString(), "--nodes", badNodes.toString());
    assertThat(partial.exitCode()).isNotZero();
    assertThat(partial.output()).contains("nodes.csv").contains("line 3");
    assertThat(count(db, "meter_registry")).isZero();
    assertThat(count(db, "node_info")).isZero();
    assertThat(TopologyLoader.readAll(infra.kafkaBootstrap(), topic)).isEmpty();

    // the same meter from the same moment in two buildings, within one file
    Path twice = Files.writeString(dir.resolve("twice.csv"), HEADER + row("IP1-F01-LS", "IP1", "2026-01-01T00:00:00Z")
        + row("IP1-F01-PW", "IP1", "2026-01-01T00:00:00Z") + row("IP1-F01-LS", "IP2", "2026-01-01T00:00:00Z"));
    Run conflicting = wattward(env(db, topic), "topology", "load", "--csv", twice.toString());
    assertThat(conflicting.exitCode()).isEqualTo(1);
    assertThat(conflicting.output()).contains("lines 2 and 4 register meter IP1-F01-LS from 2026-01-01T00:00:00Z "
        + "differently (building: IP1 / IP2)").contains("nothing loaded");
    assertThat(count(db, "meter_registry")).isZero();
    assertThat(TopologyLoader.readAll(infra.kafkaBootstrap(), topic)).isEmpty();

    // a good load, then a file that contradicts it: refused, the registry as it was
    assertThat(wattward(env(db, topic), "topology", "load", "--csv", good.toString()).exitCode()).isZero();
    Path moved = Files.writeString(dir.resolve("moved.csv"), HEADER + row("IP1-F01-LS", "IP2", "2026-01-01T00:00:00Z"));
    Run contradicting = wattward(env(db, topic), "topology", "load", "--csv", moved.toString());
    assertThat(contradicting.exitCode()).isEqualTo(1);
    assertThat(contradicting.output()).contains("line 2 registers meter IP1-F01-LS from 2026-01-01T00:00:00Z "
        + "differently from the registration already loaded (building: IP1 / IP2)");
    assertThat(count(db, "meter_registry")).isEqualTo(2);
    assertThat(TopologyLoader.readAll(infra.kafkaBootstrap(), topic)).hasSize(2)
        .allSatisfy(r -> assertThat(r.getSpatial().getBuilding()).isEqualTo("IP1"));
    // loading the same registrations again is fine; a move takes effect with a new effective_from
    Path later = Files.writeString(dir.resolve("later.csv"), HEADER + row("IP1-F01-LS", "IP1", "2026-01-01T00:00:00Z")
        + row("IP1-F01-LS", "IP2", "2026-06-01T00:00:00Z"));
    assertThat(wattward(env(db, topic), "topology", "load", "--csv", later.toString()).exitCode()).isZero();
  }

  @Test
  void aReportOfAnUnknownDepartmentOrOfAMonthWithoutDataIsAnErrorAndWritesNothing() throws Exception {
    ClickHouseEndpoint db = infra.newDatabase("reports");
    execute(db, "INSERT INTO node_info (node_level, node_id, name, beds, area_m2, people, version) VALUES "
        + "('department', 'PPH/MAIN/CARDIOLOGY', 'Cardiology', 40, 900, 60, 1)");
    execute(db, "INSERT INTO node_energy_1d (hierarchy, node_level, node_id, building, energy_type, sub_item_code, "
        + "window_start, consumption, unit, version) VALUES ('spatial', 'department', 'PPH/MAIN/CARDIOLOGY', '', "
        + "'ELECTRICITY', '', '2026-10-04 16:00:00', 812.5, 'kWh', 1)");
    Path out = Files.createTempDirectory("reports");

    Run unknown = wattward(env(db, db.database() + "-topology"), "report", "run", "--department",
        "PPH/MAIN/CARDIOLOGY", "--department", "PPH/MAIN/NOPE", "--month", "2026-10", "--out", out.toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.output()).contains("unknown department 'PPH/MAIN/NOPE': node_info has 1 departments "
        + "(PPH/MAIN/CARDIOLOGY)").contains("no report written");

    Run empty = wattward(env(db, db.database() + "-topology"), "report", "run", "--department",
        "PPH/MAIN/CARDIOLOGY", "--month", "2026-09", "--out", out.toString());
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.output()).contains("no consumption of PPH/MAIN/CARDIOLOGY in 2026-09");
    try (var files = Files.list(out)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  private static long count(ClickHouseEndpoint db, String table) throws Exception {
    try (Connection c = db.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count() FROM " + table + " FINAL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(ClickHouseEndpoint db, String sql) throws Exception {
    try (Connection c = db.open(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
