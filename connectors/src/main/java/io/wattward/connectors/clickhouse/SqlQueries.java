package io.wattward.connectors.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analyst cookbook: named ClickHouse queries in {@code sql/queries/<name>.sql}, packaged by the sql
 * module under {@value #CLASSPATH_FOLDER}. A query file starts with a comment block stating the
 * question it answers and its parameters; parameters are written {@code {{name}}} and replaced
 * textually by SQL literals the caller supplies ({@code '2026-10-01'}, {@code 10},
 * {@code 'PPH/MAIN/IP2'}), because ClickHouse 18.16 has no server-side query parameters.
 *
 * <p>Substitution is strict: a parameter of the query without a value, a value for a parameter the
 * query does not have, and a malformed placeholder are errors naming the query and the parameter.
 */
public final class SqlQueries {

  /** Classpath folder the sql module packages the queries into. */
  public static final String CLASSPATH_FOLDER = "wattward/sql/queries";

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  private SqlQueries() {}

  /** One named query as shipped: its file text, comments included. */
  public record Query(String name, String text) {

    /**
     * The statement as sent to the server: full-line comments dropped (the JDBC driver appends a
     * FORMAT clause, which a trailing comment would swallow), no trailing semicolon.
     */
    public String statement() {
      StringBuilder out = new StringBuilder();
      for (String line : text.split("\n")) {
        if (!line.strip().startsWith("--") && !line.isBlank()) {
          out.append(line.stripTrailing()).append('\n');
        }
      }
      String s = out.toString().strip();
      return s.endsWith(";") ? s.substring(0, s.length() - 1).stripTrailing() : s;
    }

    /** Parameter names of the statement, in order of first use. */
    public Set<String> parameters() {
      Set<String> out = new LinkedHashSet<>();
      Matcher m = PARAMETER.matcher(statement());
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }

    /** The statement with every {@code {{name}}} replaced by its value, a SQL literal or expression. */
    public String render(Map<String, String> values) {
      String statement = statement();
      String malformed = PARAMETER.matcher(statement).replaceAll("");
      int at = malformed.indexOf("{{");
      if (at >= 0 || malformed.contains("}}")) {
        throw new IllegalArgumentException("query " + name + " has a malformed parameter placeholder near: "
            + malformed.substring(Math.max(0, at), Math.min(malformed.length(), Math.max(0, at) + 40)).strip()
            + " (write {{name}})");
      }
      Set<String> parameters = parameters();
      Set<String> missing = new TreeSet<>();
      for (String p : parameters) {
        String v = values.get(p);
        if (v == null || v.isBlank()) {
          missing.add(p);
        }
      }
      Set<String> unknown = new TreeSet<>(values.keySet());
      unknown.removeAll(parameters);
      if (!missing.isEmpty() || !unknown.isEmpty()) {
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
          problems.add("no value for parameter(s) " + String.join(", ", missing));
        }
        if (!unknown.isEmpty()) {
          problems.add("unknown parameter(s) " + String.join(", ", unknown));
        }
        throw new IllegalArgumentException("query " + name + ": " + String.join("; ", problems)
            + " (its parameters: " + String.join(", ", parameters) + ")");
      }
      // one pass, so a value that itself contains {{...}} is left as it is
      Matcher m = PARAMETER.matcher(statement);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1)).strip()));
      }
      m.appendTail(out);
      return out.toString();
    }
  }

  /** Loads {@code <name>.sql} from the classpath. */
  public static Query load(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("query name must be lower-case letters, digits and _: " + name);
    }
    String resource = CLASSPATH_FOLDER + "/" + name + ".sql";
    try (InputStream in = SqlQueries.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no query " + name + " on the classpath (looked for " + resource + ")");
      }
      return new Query(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  /**
   * Runs a named query with the given parameter values; one map per row, columns in SELECT order.
   * Numbers come back as the driver gives them (BigDecimal for Decimal, Double, Long, BigInteger for
   * UInt64), Date as {@link LocalDate} and DateTime as {@link LocalDateTime} in the column's own
   * time zone (the server's text, so no JVM time zone shifts it), NULL as null.
   */
  public static List<Map<String, Object>> run(ClickHouseEndpoint endpoint, String name, Map<String, String> values)
      throws SQLException {
    return run(endpoint, load(name), values);
  }

  /** Runs a query loaded from elsewhere (e.g. a module's own named queries) the same way. */
  public static List<Map<String, Object>> run(ClickHouseEndpoint endpoint, Query query, Map<String, String> values)
      throws SQLException {
    String name = query.name();
    String sql = query.render(values);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = endpoint.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), value(rs, md.getColumnTypeName(i), i));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new SQLException("query " + name + " failed: " + e.getMessage() + "\n" + sql, e.getSQLState(), e);
    }
    return rows;
  }

  /** A string as a ClickHouse string literal, quotes and backslashes escaped. */
  public static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static Object value(ResultSet rs, String typeName, int column) throws SQLException {
    String type = typeName.startsWith("Nullable(") ? typeName.substring(9, typeName.length() - 1) : typeName;
    if (type.equals("Date")) {
      String s = rs.getString(column);
      return s == null ? null : LocalDate.parse(s);
    }
    if (type.startsWith("DateTime")) {
      String s = rs.getString(column);
      return s == null ? null : LocalDateTime.parse(s.replace(' ', 'T'));
    }
    return rs.getObject(column);
  }
}
