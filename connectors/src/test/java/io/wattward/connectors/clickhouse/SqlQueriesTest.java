package io.wattward.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.connectors.clickhouse.SqlQueries.Query;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlQueriesTest {

  private static final Query Q = new Query("q", """
      -- Which building? {{not_a_parameter_in_a_comment}}
      --   {{month}}  e.g. '2026-10-01'
      SELECT node_id
      FROM node_energy_1d FINAL
      -- a comment line inside
      WHERE node_id = {{building}} AND toStartOfMonth(toDate(window_start)) = toDate({{ month }})
      LIMIT {{top_n}};
      """);

  @Test
  void parametersComeFromTheStatementNotTheComments() {
    assertThat(Q.parameters()).containsExactly("building", "month", "top_n");
  }

  @Test
  void renderSubstitutesEveryPlaceholderAndDropsCommentLinesAndSemicolon() {
    String sql = Q.render(Map.of("building", "'PPH/MAIN/IP2'", "month", "'2026-10-01'", "top_n", "5"));

    assertThat(sql).isEqualTo("""
        SELECT node_id
        FROM node_energy_1d FINAL
        WHERE node_id = 'PPH/MAIN/IP2' AND toStartOfMonth(toDate(window_start)) = toDate('2026-10-01')
        LIMIT 5""");
  }

  @Test
  void missingParameterIsNamed() {
    assertThatThrownBy(() -> Q.render(Map.of("building", "'PPH/MAIN/IP2'", "month", "'2026-10-01'")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query q: no value for parameter(s) top_n")
        .hasMessageContaining("its parameters: building, month, top_n");
  }

  @Test
  void blankValueCountsAsMissing() {
    assertThatThrownBy(() -> Q.render(Map.of("building", " ", "month", "'2026-10-01'", "top_n", "5")))
        .hasMessageContaining("no value for parameter(s) building");
  }

  @Test
  void unknownParameterIsNamed() {
    assertThatThrownBy(() -> Q.render(
        Map.of("building", "'X'", "month", "'2026-10-01'", "top_n", "5", "monht", "'2026-10-01'")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter(s) monht");
  }

  @Test
  void malformedPlaceholderIsRefused() {
    Query bad = new Query("bad", "SELECT 1 WHERE x = {{from-date}}");

    assertThatThrownBy(() -> bad.render(Map.of()))
        .hasMessageContaining("query bad has a malformed parameter placeholder near: {{from-date}}");
  }

  @Test
  void aValueIsNotSubstitutedAgain() {
    Query q = new Query("q", "SELECT {{a}}, {{b}}");

    assertThat(q.render(Map.of("a", "'{{b}}'", "b", "2"))).isEqualTo("SELECT '{{b}}', 2");
  }

  @Test
  void shippedQueryLoadsFromTheClasspath() {
    Query q = SqlQueries.load("top_devices");

    assertThat(q.text()).startsWith("--");
    assertThat(q.parameters()).containsExactly("energy_type", "from_date", "to_date", "top_n");
  }

  @Test
  void unknownQueryNameIsRefused() {
    assertThatThrownBy(() -> SqlQueries.load("no_such_query"))
        .hasMessageContaining("no query no_such_query on the classpath");
    assertThatThrownBy(() -> SqlQueries.load("../migrations/001_meter_minute"))
        .hasMessageContaining("query name must be");
  }

  @Test
  void quoteEscapesQuotesAndBackslashes() {
    assertThat(SqlQueries.quote("O'Brien \\ ward")).isEqualTo("'O\\'Brien \\\\ ward'");
  }
}
