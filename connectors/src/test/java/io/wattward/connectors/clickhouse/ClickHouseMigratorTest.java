package io.wattward.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.connectors.clickhouse.ClickHouseMigrator.Migration;
import io.wattward.testing.LocalInfra;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickHouseMigratorTest {

  private final LocalInfra infra = LocalInfra.get();

  @Test
  void shippedMigrationsApplyOnceAndSecondRunChangesNothing() throws SQLException {
    ClickHouseEndpoint endpoint = infra.config(LocalInfra.uniqueName("migr")).clickhouse().endpoint();
    ClickHouseMigrator migrator = ClickHouseMigrator.fromClasspath(endpoint);

    List<String> first = migrator.migrate(s -> {});
    List<String> second = migrator.migrate(s -> {});

    assertThat(first).contains("1_meter_minute");
    assertThat(second).isEmpty();
    assertThat(count(endpoint, "SELECT count() FROM schema_migrations")).isEqualTo(first.size());
    assertThat(count(endpoint, "SELECT count() FROM system.tables WHERE database = currentDatabase() "
        + "AND name = 'meter_minute'")).isEqualTo(1);
  }

  @Test
  void editedAppliedMigrationIsRefused() throws SQLException {
    ClickHouseEndpoint endpoint = infra.config(LocalInfra.uniqueName("migr")).clickhouse().endpoint();
    new ClickHouseMigrator(endpoint, List.of(new Migration(1, "t", "CREATE TABLE t (a UInt8) ENGINE = Memory;")))
        .migrate(s -> {});

    ClickHouseMigrator edited = new ClickHouseMigrator(endpoint,
        List.of(new Migration(1, "t", "CREATE TABLE t (a UInt16) ENGINE = Memory;")));

    assertThatThrownBy(() -> edited.migrate(s -> {}))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("1_t was changed after it was applied");
  }

  @Test
  void failingStatementNamesTheMigration() {
    ClickHouseEndpoint endpoint = infra.config(LocalInfra.uniqueName("migr")).clickhouse().endpoint();
    ClickHouseMigrator broken = new ClickHouseMigrator(endpoint,
        List.of(new Migration(7, "broken", "CREATE TABLE x (a NoSuchType) ENGINE = Memory;")));

    assertThatThrownBy(() -> broken.migrate(s -> {}))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("migration 7_broken failed");
  }

  @Test
  void statementsSplitOnSemicolonAtLineEndAndSkipCommentLines() {
    Migration m = new Migration(1, "two", """
        -- a comment; with a semicolon
        CREATE TABLE a (x UInt8) ENGINE = Memory;
        CREATE TABLE b
        (x UInt8) ENGINE = Memory;
        """);

    assertThat(m.statements()).containsExactly(
        "CREATE TABLE a (x UInt8) ENGINE = Memory", "CREATE TABLE b\n(x UInt8) ENGINE = Memory");
  }

  private static long count(ClickHouseEndpoint endpoint, String sql) throws SQLException {
    try (Connection c = endpoint.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
