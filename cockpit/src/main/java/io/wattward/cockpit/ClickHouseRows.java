package io.wattward.cockpit;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the cockpit's statements through the project's ClickHouse connector: one map per row, columns in order. */
final class ClickHouseRows {

  private final ClickHouseEndpoint endpoint;

  ClickHouseRows(ClickHouseEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  ClickHouseEndpoint endpoint() {
    return endpoint;
  }

  List<Map<String, Object>> query(String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = endpoint.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.put(md.getColumnLabel(i), v instanceof java.math.BigDecimal d ? d.doubleValue()
              : v instanceof java.math.BigInteger b ? b.longValue() : v);
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new SQLException("cockpit query failed: " + e.getMessage() + "\n" + sql, e.getSQLState(), e);
    }
    return rows;
  }

  void execute(String sql) throws SQLException {
    try (Connection c = endpoint.open(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static double number(Object v) {
    return v == null ? 0 : ((Number) v).doubleValue();
  }
}
