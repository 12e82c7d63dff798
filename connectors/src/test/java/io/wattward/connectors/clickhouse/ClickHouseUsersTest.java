package io.wattward.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.testing.LocalInfra;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The local ClickHouse as the set-up leaves it (scripts/infra.sh): the jobs and commands write as
 * "wattward", analysts read as "analyst" (read-only, with limits), and default is locked.
 */
class ClickHouseUsersTest {

  private final LocalInfra infra = LocalInfra.get();

  @Test
  void theAnalystReadsTheAggregatesAndCannotWriteChangeOrReachOutside() throws Exception {
    ClickHouseEndpoint writer = infra.newDatabase("users");
    assertThat(writer.user()).isEqualTo("wattward");
    execute(writer, "INSERT INTO node_energy_1d (hierarchy, node_level, node_id, building, energy_type, sub_item_code, "
        + "window_start, consumption, unit, version) VALUES ('spatial', 'building', 'PPH/MAIN/IP1', 'PPH/MAIN/IP1', "
        + "'ELECTRICITY', '', '2026-11-19 16:00:00', 1234.5, 'kWh', 1)");
    ClickHouseEndpoint analyst = new ClickHouseEndpoint(writer.serverUrl(), writer.database(),
        infra.setting("WATTWARD_ANALYST_USER"), infra.setting("WATTWARD_ANALYST_PASSWORD"));

    assertThat(queryDouble(analyst, "SELECT sum(consumption) FROM node_energy_1d FINAL")).isEqualTo(1234.5);
    for (String forbidden : new String[] {
        "INSERT INTO node_energy_1d (node_id, window_start, consumption, version) VALUES ('x', now(), 1, 2)",
        "ALTER TABLE node_energy_1d DELETE WHERE 1 = 1",
        "DROP TABLE node_energy_1d",
        "CREATE DATABASE analyst_was_here",
        "SELECT * FROM file('/etc/passwd', 'TSV', 'line String')"}) {
      assertThatThrownBy(() -> execute(analyst, forbidden)).as(forbidden)
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(164));
    }
    // nothing changed
    assertThat(queryDouble(writer, "SELECT sum(consumption) FROM node_energy_1d FINAL")).isEqualTo(1234.5);
  }

  @Test
  void defaultCannotLogInWithoutThePasswordNobodyIsTold() {
    ClickHouseEndpoint defaultUser = new ClickHouseEndpoint(infra.config("default").clickhouse().endpoint().serverUrl(),
        "default", "default", "");
    assertThatThrownBy(() -> queryDouble(defaultUser, "SELECT 1")).isInstanceOfSatisfying(SQLException.class,
        e -> assertThat(e.getMessage()).containsAnyOf("Password required", "Wrong password", "Authentication failed"));
  }

  private static void execute(ClickHouseEndpoint endpoint, String sql) throws SQLException {
    try (Connection c = endpoint.open(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static double queryDouble(ClickHouseEndpoint endpoint, String sql) throws SQLException {
    try (Connection c = endpoint.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }
}
