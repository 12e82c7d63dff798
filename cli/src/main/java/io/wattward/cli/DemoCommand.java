package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.jobs.forecast.ForecastJob;
import io.wattward.kpi.Quotas;
import io.wattward.kpi.Volumes;
import io.wattward.schema.KpiQuota;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.simulator.ExpectedTotals;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole path on this machine and print what an analyst would see.",
        "Starts local Kafka and ClickHouse, migrates, simulates a hospital day, runs the rollup job on a",
        "local Flink MiniCluster, then the forecast job over the day with its business volume and the",
        "departments' quotas (for the cockpit), and checks ClickHouse against the simulator's exact totals."})
final class DemoCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--start", paramLabel = "DATE", description = "Day to simulate (yyyy-mm-dd); default: yesterday.")
  String start;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--zone", defaultValue = "Asia/Shanghai", description = "Hospital time zone (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  static final String DATABASE = "wattward_demo";

  private final List<Object[]> steps = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    step("start local Kafka and ClickHouse", () -> {
      if (cli.local.infra("up") != 0) {
        throw new IllegalStateException("local infrastructure did not start (see above)");
      }
    });
    // the demo owns its database and topics and starts them afresh, so every run shows the same thing
    String run = "demo-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    WattwardConfig base = cli.config().withDatabase(DATABASE);
    WattwardConfig config = base.withTopics(base.kafka().topics().prefixed(run));
    ClickHouseEndpoint clickhouse = config.clickhouse().endpoint();
    step("reset ClickHouse " + DATABASE + " and the demo's Kafka topics", () -> {
      try (Connection c = clickhouse.openServer(); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + DATABASE);
      }
      io.wattward.connectors.kafka.KafkaTopics.deleteWithPrefix(config.kafka().bootstrap(), "demo-");
      ClickHouseMigrator.fromClasspath(clickhouse).migrate(System.out::println);
    });

    Instant from = SimulateCommand.parseStart(start, zone);
    Instant to = from.plusSeconds(86_400);
    Path topology = cli.local.home().resolve(config.pipeline().topologyCsv());
    SimulateCommand.Result[] sim = new SimulateCommand.Result[1];
    step("simulate one hospital day into Kafka", () -> sim[0] = SimulateCommand.simulate(config, seed, zone, from, to,
        0, true, topology, true, System.out::println));
    step("load the topology (ClickHouse meter_registry, node_info and sensor_registry, Kafka topology topic)", () -> {
      TopologyCommand.Load.load(config, sim[0].hospital().registrations());
      io.wattward.topology.NodeInfo.load(clickhouse, sim[0].hospital().nodeInfo());
      io.wattward.topology.SensorInfo.load(clickhouse, sim[0].hospital().sensorRegistry());
    });
    io.wattward.cli.lifecycle.JobSupervisor.Outcome[] job = new io.wattward.cli.lifecycle.JobSupervisor.Outcome[1];
    step("run the rollup job on a local Flink MiniCluster", () -> {
      job[0] = RunCommand.supervise(cli.local, RunCommand.rollup(config, sim[0].hospital().registrations(),
          sim[0].hospital().sensorRegistry()), io.wattward.cli.lifecycle.JobSupervisor.Start.FRESH, true);
      if (job[0].exitCode() != 0) {
        throw new IllegalStateException("the rollup job did not finish: " + job[0].message());
      }
    });
    RunCommand.printDeadLetterCounts(job[0].deadLetters());
    step("load the day's business volume and the departments' quotas (" + ReferenceHospital.MONTHLY_KWH_PER_M2
        + " kWh per m2 a month)", () -> {
      KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
          new KafkaTopics.Spec(config.kafka().topics().quotas(), 1, true),
          new KafkaTopics.Spec(config.kafka().topics().businessVolume(), config.kafka().partitions(), true)));
      Volumes.publish(config.kafka().bootstrap(), config.kafka().topics().businessVolume(),
          Volumes.read(topology.resolveSibling("volume.csv"), zone));
      List<KpiQuota> quotas = Quotas.resolve(clickhouse,
          sim[0].hospital().quotas(java.time.YearMonth.from(from.atZone(zone))));
      Quotas.load(clickhouse, quotas);
      Quotas.publish(config.kafka().bootstrap(), config.kafka().topics().quotas(), quotas);
    });
    step("run the forecast job (forecasts, quota status) on a local Flink MiniCluster", () -> {
      io.wattward.cli.lifecycle.JobSupervisor.Outcome forecast = RunCommand.supervise(cli.local,
          RunCommand.definition(ForecastJob.NAME, config, cli.local.home()),
          io.wattward.cli.lifecycle.JobSupervisor.Start.FRESH, true);
      if (forecast.exitCode() != 0) {
        throw new IllegalStateException("the forecast job did not finish: " + forecast.message());
      }
    });

    long[] check = new long[2];
    step("check ClickHouse against the simulator's exact totals", () -> {
      long[] r = verify(clickhouse, sim[0].expected());
      check[0] = r[0];
      check[1] = r[1];
    });

    System.out.println();
    System.out.printf("Hospital day %s (%s), from ClickHouse %s:%n", from.atZone(zone).toLocalDate(), zone, clickhouse);
    printBuildings(clickhouse, from, zone);
    System.out.println();
    System.out.printf("Checked %,d meter-minutes against the simulator's ground truth: %,d differ.%n", check[0], check[1]);
    TextTable timing = new TextTable("step", "seconds");
    steps.forEach(s -> timing.row(s[0], String.format("%.1f", (Double) s[1])));
    timing.row("total", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    timing.print(System.out);
    System.out.println("Ask your own questions (as the read-only analyst): . .local/infra.env; clickhouse-client "
        + "--port $WATTWARD_CLICKHOUSE_TCP_PORT --user analyst --password $WATTWARD_ANALYST_PASSWORD -d "
        + clickhouse.database() + "   (see sql/README.md)");
    System.out.println("See it in a browser: the web cockpit (README, \"Web cockpit\"): make a sign-in with "
        + "export WATTWARD_COCKPIT_USERS=\"admin:operator:$(./wattward serve --hash-password)\" (type a password of 8+ "
        + "characters), then ./wattward serve --database " + clickhouse.database()
        + " and open http://127.0.0.1:8088/");
    return check[1] == 0 && check[0] == sim[0].expected().perMeter().size() * (long) sim[0].expected().minutes() ? 0 : 2;
  }

  interface Action {
    void run() throws Exception;
  }

  private void step(String name, Action action) throws Exception {
    System.out.println("== " + name);
    long t = System.nanoTime();
    action.run();
    steps.add(new Object[] {name, (System.nanoTime() - t) / 1e9});
  }

  /** Returns {meter-minutes found that the simulator expected, how many of them differ}. */
  private static long[] verify(ClickHouseEndpoint clickhouse, ExpectedTotals expected) throws Exception {
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = new ArrayList<>(expected.perMeter().keySet());
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    long found = 0;
    long differ = 0;
    long from = expected.minuteStartMs(0) / 1000;
    long to = expected.minuteStartMs(expected.minutes()) / 1000;
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT meter_id, toUnixTimestamp(minute_start), toInt64(consumption * 1000) "
            + "FROM meter_minute FINAL WHERE minute_start >= toDateTime(" + from + ") AND minute_start < toDateTime(" + to + ")")) {
      while (rs.next()) {
        long[] truth = expected.perMeter().get(rs.getString(1));
        if (truth == null) {
          continue;
        }
        int minute = (int) ((rs.getLong(2) - from) / 60);
        found++;
        if (truth[minute] != rs.getLong(3)) {
          differ++;
        }
      }
    }
    return new long[] {found, differ};
  }

  private static void printBuildings(ClickHouseEndpoint clickhouse, Instant from, ZoneId zone) throws Exception {
    String sql = "SELECT node_id, "
        + "sumIf(consumption, energy_type = 'ELECTRICITY') AS electricity_kwh, "
        + "sumIf(consumption, energy_type = 'WATER') AS water_m3, "
        + "sumIf(consumption, energy_type = 'STEAM') AS steam_t, "
        + "sumIf(consumption, energy_type = 'CENTRAL_COOLING') AS cooling_gj, "
        + "sum(cost_cny) AS cost, sum(co2_kg) AS co2 "
        + "FROM node_energy_1d FINAL WHERE node_level = 'building' AND window_start = toDateTime(" + from.getEpochSecond()
        + ") GROUP BY node_id ORDER BY electricity_kwh DESC";
    TextTable table = new TextTable("building", "electricity kWh", "water m3", "steam t", "cooling GJ", "cost CNY", "CO2 kg");
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        table.row(rs.getString(1), rs.getBigDecimal(2).doubleValue(), rs.getBigDecimal(3).doubleValue(),
            rs.getBigDecimal(4).doubleValue(), rs.getBigDecimal(5).doubleValue(), String.format("%,.2f", rs.getDouble(6)),
            String.format("%,.1f", rs.getDouble(7)));
      }
    }
    table.print(System.out);
    System.out.println("Master/sub-meter balance (sql/queries/building_meter_balance_daily.sql):");
    java.time.LocalDate day = from.atZone(zone).toLocalDate();
    TextTable balance = new TextTable("building", "transformers kWh", "sub-meters kWh", "loss kWh", "loss %");
    for (Map<String, Object> row : io.wattward.connectors.clickhouse.SqlQueries.run(clickhouse, "building_meter_balance_daily",
        Map.of("from_date", io.wattward.connectors.clickhouse.SqlQueries.quote(day.toString()),
            "to_date", io.wattward.connectors.clickhouse.SqlQueries.quote(day.plusDays(1).toString())))) {
      balance.row(row.get("building"), number(row.get("transformer_kwh")), number(row.get("accounting_kwh")),
          number(row.get("loss_kwh")), String.format("%.2f", number(row.get("loss_pct"))));
    }
    balance.print(System.out);
    System.out.println("Rooms outside their environment range (sql/queries/rooms_out_of_range_daily.sql), worst five:");
    TextTable rooms = new TextTable("room", "type", "minutes out", "temperature", "humidity", "CO2", "max CO2 ppm");
    List<Map<String, Object>> outOfRange = io.wattward.connectors.clickhouse.SqlQueries.run(clickhouse,
        "rooms_out_of_range_daily", Map.of("from_date", io.wattward.connectors.clickhouse.SqlQueries.quote(day.toString()),
            "to_date", io.wattward.connectors.clickhouse.SqlQueries.quote(day.plusDays(1).toString()), "min_minutes", "1"));
    for (Map<String, Object> row : outOfRange.subList(0, Math.min(5, outOfRange.size()))) {
      rooms.row(row.get("room"), row.get("room_type"), row.get("minutes_out"), row.get("temperature_minutes_out"),
          row.get("humidity_minutes_out"), row.get("co2_minutes_out"), row.get("co2_max_ppm"));
    }
    rooms.print(System.out);
    System.out.println("Departments' electricity against their quota this month (kpi_status, from the forecast job), "
        + "highest projection first:");
    TextTable quotas = new TextTable("department", "used kWh", "projected kWh", "quota kWh", "projected %", "status");
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT any(i.name), argMax(to_date, as_of), argMax(projected, as_of), argMax(quota, as_of),"
            + " argMax(projected_pct, as_of), argMax(status, as_of) FROM kpi_status AS k FINAL"
            + " LEFT JOIN (SELECT node_id AS department_id, name FROM node_info FINAL) AS i USING department_id"
            + " WHERE k.period = '" + day.toString().substring(0, 7) + "' GROUP BY department_id"
            + " ORDER BY argMax(projected_pct, as_of) DESC LIMIT 5")) {
      while (rs.next()) {
        quotas.row(rs.getString(1), String.format("%,.1f", rs.getDouble(2)), String.format("%,.0f", rs.getDouble(3)),
            String.format("%,.0f", rs.getDouble(4)), String.format("%.0f", rs.getDouble(5)), rs.getString(6));
      }
    }
    quotas.print(System.out);
  }

  private static double number(Object v) {
    return v == null ? 0.0 : ((Number) v).doubleValue();
  }
}
