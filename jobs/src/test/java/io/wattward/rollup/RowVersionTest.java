package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowVersionTest {

  @Test
  void aRowBuiltFromMoreDataWinsWhateverItsRevision() {
    // a complete day (1,440 meter-minutes, first writing) against the same day rebuilt from its last
    // 600 minutes and corrected three times
    assertThat(RowVersion.of(1_440, 1)).isGreaterThan(RowVersion.of(600, 3));
  }

  @Test
  void withTheSameDataTheLaterRevisionWins() {
    assertThat(RowVersion.of(1_440, 2)).isGreaterThan(RowVersion.of(1_440, 1));
    assertThat(RowVersion.of(1_440, 1)).isEqualTo(RowVersion.of(1_440, 1));
  }

  @Test
  void versionIsCoverageTimesTwoToTheTwentiethPlusRevision() {
    assertThat(RowVersion.of(3, 5)).isEqualTo(3L * 1_048_576 + 5);
    assertThat(RowVersion.of(0, 1)).isEqualTo(1);
  }

  @Test
  void revisionsPastTheFieldLeaveTheOrderToInsertionAndNeverSpillIntoCoverage() {
    assertThat(RowVersion.of(7, 5_000_000)).isEqualTo(RowVersion.of(7, 1_048_575));
    assertThat(RowVersion.of(7, 5_000_000)).isLessThan(RowVersion.of(8, 1));
  }

  @Test
  void theVersionStaysPositiveForTheLargestWindows() {
    // a day of 100,000 meters at the hospital-group level: 144 million meter-minutes
    assertThat(RowVersion.of(144_000_000, 3)).isPositive().isGreaterThan(RowVersion.of(143_999_999, 9));
  }
}
