package io.wattward.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.jobs.testing.FlowCluster;
import io.wattward.testing.LocalInfra;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sinks' RowBinary INSERTs through Flink into the real ClickHouse server, every kind of column read back. */
class ClickHouseTableServerTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = FlowCluster.extension();

  /** A row of a made-up table; a Flink POJO. */
  public static class Row {
    public String meter;
    public long atMs;
    public long milli;
    public double kw;
    public Long endedMs;
    public int hours;

    public Row() {}

    Row(String meter, long atMs, long milli, double kw, Long endedMs, int hours) {
      this.meter = meter;
      this.atMs = atMs;
      this.milli = milli;
      this.kw = kw;
      this.endedMs = endedMs;
      this.hours = hours;
    }
  }

  private static final ClickHouseTable<Row> TABLE = ClickHouseTable.<Row>named("rows")
      .text("meter_id", r -> r.meter)
      .time("at", r -> r.atMs)
      .time("day", r -> r.atMs)
      .milli("consumption", r -> r.milli)
      .milli("small", r -> -r.milli)
      .numberOrNull("kw", r -> r.kw)
      .number("kw_or_nan", r -> r.kw)
      .timeOrNull("ended_at", r -> r.endedMs)
      .integer("hours", r -> r.hours)
      .integer("flag", r -> r.hours % 2)
      .bigint("version", r -> 1L << 40)
      .number("ratio", r -> 0.5);

  private static final String COLUMNS = "meter_id String, at DateTime('UTC'), day Date, consumption Decimal(18, 3), "
      + "small Decimal(9, 3), kw Nullable(Float64), kw_or_nan Nullable(Float64), ended_at Nullable(DateTime('UTC')), "
      + "hours UInt16, flag UInt8, version UInt64, ratio Float32, written_at DateTime('UTC') DEFAULT now()";

  private final LocalInfra infra = LocalInfra.get();

  private static List<String> query(ClickHouseEndpoint db, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getString(i));
        }
        rows.add(String.join(" | ", cells));
      }
    }
    return rows;
  }

  private static void execute(ClickHouseEndpoint db, String sql) throws Exception {
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void write(WattwardConfig config, List<Row> rows) throws Exception {
    StreamExecutionEnvironment env = FlowCluster.environment();
    env.fromData(rows, TypeInformation.of(Row.class)).sinkTo(TABLE.sink(config));
    env.execute("rows into ClickHouse");
  }

  @Test
  void everyKindOfColumnArrivesAsWritten() throws Exception {
    ClickHouseEndpoint db = infra.newDatabase("rowbinary");
    execute(db, "CREATE TABLE rows (" + COLUMNS + ") ENGINE = MergeTree() ORDER BY meter_id");
    write(infra.config(db.database()), List.of(
        // 2025-11-27 00:15:00 UTC; 1.250 kWh; no demand; still open
        new Row("M1", 1_764_202_500_000L, 1_250, Double.NaN, null, 3),
        // the epoch's second day (0 reads as 0000-00-00 on 18.16); a Chinese name; 2.5 kW; ended a minute in
        new Row("电表-2", 86_400_000L, 7, 2.5, 86_460_000L, 65_535)));
    assertThat(query(db, "SELECT meter_id, toString(at), toString(day), toString(consumption), toString(small), "
        + "toString(kw), toString(kw_or_nan), toString(ended_at), hours, flag, version, ratio FROM rows ORDER BY at"))
        .containsExactly(
            "电表-2 | 1970-01-02 00:00:00 | 1970-01-02 | 0.007 | -0.007 | 2.5 | 2.5 | 1970-01-02 00:01:00 | 65535 | 1 "
                + "| 1099511627776 | 0.5",
            "M1 | 2025-11-27 00:15:00 | 2025-11-27 | 1.250 | -1.250 | null | nan | null | 3 | 1 | 1099511627776 | 0.5");
    assertThat(query(db, "SELECT count() FROM rows WHERE written_at > toDateTime('2026-01-01 00:00:00')"))
        .containsExactly("2");
  }

  @Test
  void aTableThatDiffersStopsTheJobNamingTheColumn() throws Exception {
    ClickHouseEndpoint db = infra.newDatabase("rowbinary_old");
    execute(db, "CREATE TABLE rows (" + COLUMNS.replace("hours UInt16", "hours String")
        + ") ENGINE = MergeTree() ORDER BY meter_id");
    assertThatThrownBy(() -> write(infra.config(db.database()), List.of(new Row("M1", 0, 1, 1, null, 1))))
        .rootCause()
        .hasMessageContaining("column hours is String in ClickHouse, where this build writes a whole number");
  }
}
