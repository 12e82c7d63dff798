package io.wattward.reports;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.SqlQueries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reporter's own named queries ({@code wattward/reports/sql/<name>.sql}), written like the
 * analyst cookbook (comment block, {@code {{name}}} parameters, ClickHouse 18.16 subset) and
 * rendered by the cookbook's strict substitution; the cookbook's own queries run through
 * {@link SqlQueries#run}.
 */
final class ReportQueries {

  private static final String FOLDER = "wattward/reports/sql/";

  private ReportQueries() {}

  static List<Map<String, Object>> run(ClickHouseEndpoint endpoint, String name, Map<String, String> values)
      throws SQLException {
    String sql = load(name).render(values);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = endpoint.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new SQLException("report query " + name + " failed: " + e.getMessage() + "\n" + sql, e.getSQLState(), e);
    }
    return rows;
  }

  static SqlQueries.Query load(String name) {
    try (InputStream in = ReportQueries.class.getClassLoader().getResourceAsStream(FOLDER + name + ".sql")) {
      if (in == null) {
        throw new IllegalArgumentException("no report query " + FOLDER + name + ".sql on the classpath");
      }
      return new SqlQueries.Query(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double number(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
