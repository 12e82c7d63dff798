package io.wattward.reports;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.SqlQueries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    return SqlQueries.run(endpoint, load(name), values);
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
