package io.wattward.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import io.wattward.connectors.clickhouse.ClickHouseMigrator.Migration;
import io.wattward.connectors.clickhouse.SqlQueries;
import io.wattward.sql.CookbookCases.CookbookCase;
import io.wattward.testing.ChdbEngine;
import io.wattward.testing.LocalInfra;
import io.wattward.testing.QueryAnswer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL files on current ClickHouse. Production runs a current release, while the only server
 * installable here is 18.16; so every migration and every cookbook query also runs on ClickHouse 26.7
 * in-process ({@link ChdbEngine}), and each query's answer on {@link CookbookCases}' fixture must equal
 * the local 18.16 server's (column names, values, numbers within 1e-9 relative, row order where the query
 * orders).
 */
class CurrentClickHouseTest {

  private static final String OLD = "18.16";
  private static final String CURRENT = "26.7";
  private static final Pattern ORDER_BY = Pattern.compile("\\bORDER\\s+BY\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARENTHESES = Pattern.compile("\\([^()]*\\)");

  private static LocalInfra infra;
  private static ChdbEngine chdb;
  private static int databases;

  @BeforeAll
  static void start() {
    infra = LocalInfra.get();
    chdb = ChdbEngine.start(infra.projectRoot());
  }

  @AfterAll
  static void stop() {
    if (chdb != null) {
      chdb.close();
    }
  }

  @Test
  void theEngineIsACurrentClickHouse() throws SQLException {
    assertThat(chdb.version()).startsWith(CURRENT + ".");
  }

  @Test
  void everyMigrationRunsOnTheCurrentEngine() throws SQLException {
    useFreshDatabase();
    List<String> failures = new ArrayList<>();
    try {
      chdb.execute(ClickHouseMigrator.SCHEMA_MIGRATIONS_TABLE);
    } catch (SQLException e) {
      failures.add("schema_migrations (the migrator's own table): " + e.getMessage());
    }
    for (Migration m : migrations()) {
      for (String statement : m.statements()) {
        try {
          chdb.execute(statement);
        } catch (SQLException e) {
          failures.add(String.format("%03d_%s.sql: %s%n%s", m.version(), m.name(), e.getMessage(), statement));
        }
      }
    }
    assertThat(failures).as("migrations failing on ClickHouse %s", CURRENT).isEmpty();
  }

  @Test
  void migrationsMakeTheSameColumnsOnBothEngines() throws SQLException {
    String columns = "SELECT table, name, type, default_kind, default_expression FROM system.columns "
        + "WHERE database = currentDatabase() ORDER BY table, name";
    ClickHouseEndpoint db = infra.newDatabase("current_ch");
    try {
      QueryAnswer old = withoutCastsToOwnType(queryOld(db, columns));
      migrateFreshChdbDatabase();
      assertSame(old, chdb.query(columns), true, "columns of the migrated tables");
    } finally {
      drop(db);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.wattward.sql.CookbookCases#all")
  void cookbookQueryAnswersAsOnClickHouse1816(CookbookCase c) throws SQLException {
    String sql = SqlQueries.load(c.query()).render(c.parameters());

    QueryAnswer old;
    ClickHouseEndpoint db = infra.newDatabase("current_ch");
    try {
      try (Connection conn = db.open(); Statement st = conn.createStatement()) {
        for (String insert : c.fixture()) {
          st.execute(insert);
        }
      }
      old = queryOld(db, sql);
    } finally {
      drop(db);
    }

    migrateFreshChdbDatabase();
    for (String insert : c.fixture()) {
      chdb.execute(insert);
    }
    QueryAnswer current;
    try {
      current = chdb.query(sql);
    } catch (SQLException e) {
      throw new AssertionError(c.query() + ".sql fails on ClickHouse " + CURRENT + ": " + e.getMessage(), e);
    }

    assertThat(old.rows()).as("%s: the fixture gives an answer to compare", c.query()).isNotEmpty();
    assertSame(old, current, ordersItsRows(sql), c.query() + ".sql");
  }

  @Test
  void onlyAnOuterOrderByOrdersTheAnswer() {
    assertThat(ordersItsRows("SELECT a FROM (SELECT a FROM t ORDER BY a) ORDER BY a DESC")).isTrue();
    assertThat(ordersItsRows("SELECT a FROM (SELECT a FROM t ORDER BY a LIMIT 3)")).isFalse();
  }

  /** Whether the statement's outermost SELECT has an ORDER BY (one inside a subquery orders nothing). */
  static boolean ordersItsRows(String sql) {
    String outer = sql;
    for (String previous = null; !outer.equals(previous); ) {
      previous = outer;
      outer = PARENTHESES.matcher(outer).replaceAll(" ");
    }
    return ORDER_BY.matcher(outer).find();
  }

  private static void assertSame(QueryAnswer old, QueryAnswer current, boolean ordered, String what) {
    Optional<String> difference = old.difference(current, ordered, OLD, CURRENT);
    assertThat(difference).as("%s differs between ClickHouse %s and %s:%n%s", what, OLD, CURRENT,
        difference.orElse("")).isEmpty();
  }

  /**
   * 18.16 stores a default whose literal has another type as a cast to the column's type
   * ({@code Float64 DEFAULT 0} as {@code CAST(0, 'Float64')}); current releases keep {@code 0}, which the
   * column converts the same way.
   */
  private static QueryAnswer withoutCastsToOwnType(QueryAnswer columns) {
    List<List<String>> rows = columns.rows().stream().map(r -> {
      String type = r.get(2);
      String expression = r.get(4);
      String cast = ", '" + type + "')";
      if (expression.startsWith("CAST(") && expression.endsWith(cast)) {
        List<String> row = new ArrayList<>(r);
        row.set(4, expression.substring(5, expression.length() - cast.length()));
        return row;
      }
      return r;
    }).toList();
    return new QueryAnswer(columns.columns(), columns.types(), rows);
  }

  private static QueryAnswer queryOld(ClickHouseEndpoint db, String sql) throws SQLException {
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return QueryAnswer.read(rs);
    }
  }

  private static void drop(ClickHouseEndpoint db) throws SQLException {
    try (Connection c = db.openServer(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + db.database());
    }
  }

  /** A new database in the chdb session, made the current one. */
  private static void useFreshDatabase() throws SQLException {
    String name = "db" + (++databases);
    chdb.execute("CREATE DATABASE " + name);
    chdb.execute("USE " + name);
  }

  /** A new database in the chdb session with every migration applied, as the migrator would. */
  private static void migrateFreshChdbDatabase() throws SQLException {
    useFreshDatabase();
    chdb.execute(ClickHouseMigrator.SCHEMA_MIGRATIONS_TABLE);
    for (Migration m : migrations()) {
      for (String statement : m.statements()) {
        chdb.execute(statement);
      }
    }
  }

  private static List<Migration> migrations() {
    return ClickHouseMigrator.loadClasspath().stream().sorted(Comparator.comparingInt(Migration::version)).toList();
  }
}
