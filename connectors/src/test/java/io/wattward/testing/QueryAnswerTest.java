package io.wattward.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comparing two engines' answers: what counts as the same, and what a difference looks like. */
class QueryAnswerTest {

  private static QueryAnswer answer(String... rows) {
    return new QueryAnswer(List.of("building", "kwh"), List.of("String", "Decimal(38, 3)"),
        Arrays.stream(rows).map(r -> Arrays.stream(r.split("\\|", -1)).map(v -> v.equals("NULL") ? null : v).toList())
            .toList());
  }

  @Test
  void parsesTabSeparatedWithNamesAndTypesWithEscapesAndNulls() {
    QueryAnswer a = QueryAnswer.parseTabSeparated("detail\tgap\nString\tNullable(UInt32)\nline\\none\\ttab\\\\\t\\N\n\t7\n");

    assertThat(a.columns()).containsExactly("detail", "gap");
    assertThat(a.types()).containsExactly("String", "Nullable(UInt32)");
    assertThat(a.rows()).containsExactly(Arrays.asList("line\none\ttab\\", null), List.of("", "7"));
    assertThat(QueryAnswer.parseTabSeparated("").columns()).isEmpty();
  }

  @Test
  void numbersPrintedDifferentlyAreTheSameAnswer() {
    assertThat(answer("IP1|1000.000", "IP2|0.1").difference(answer("IP1|1000", "IP2|0.10000000000000001"), true, "old",
        "new")).isEmpty();
  }

  @Test
  void aDifferentValueShowsBothRows() {
    var difference = answer("IP1|1000.000", "IP2|50.000").difference(answer("IP1|1000", "IP2|50.5"), true, "old", "new");

    assertThat(difference).hasValueSatisfying(d -> assertThat(d)
        .contains("    IP1 | 1000.000\n")
        .contains("  - IP2 | 50.000\n  + IP2 | 50.5\n"));
  }

  @Test
  void nullIsNotAnEmptyStringOrZero() {
    assertThat(answer("IP1|NULL").difference(answer("IP1|"), true, "old", "new")).isPresent();
    assertThat(answer("IP1|NULL").difference(answer("IP1|0"), true, "old", "new")).isPresent();
  }

  @Test
  void rowOrderCountsOnlyForAnOrderedQuery() {
    QueryAnswer a = answer("IP1|1", "IP2|2");
    QueryAnswer b = answer("IP2|2.000", "IP1|1.000");

    assertThat(a.difference(b, false, "old", "new")).isEmpty();
    assertThat(a.difference(b, true, "old", "new")).isPresent();
  }

  @Test
  void aMissingRowOrColumnIsADifference() {
    assertThat(answer("IP1|1", "IP2|2").difference(answer("IP1|1"), true, "old", "new"))
        .hasValueSatisfying(d -> assertThat(d).contains("  - IP2 | 2\n"));
    QueryAnswer renamed = new QueryAnswer(List.of("building", "kwh_total"), List.of("String", "Float64"),
        List.of(List.of("IP1", "1")));
    assertThat(answer("IP1|1").difference(renamed, true, "old", "new")).isPresent();
  }
}
