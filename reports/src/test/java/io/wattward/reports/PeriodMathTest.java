package io.wattward.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class PeriodMathTest {

  @Test
  void changeIsRelativeToTheEarlierPeriodAndNullWithoutOne() {
    assertThat(PeriodMath.changePct(3000, 2500)).isEqualTo(20.0);
    assertThat(PeriodMath.changePct(3000, 3750)).isEqualTo(-20.0);
    assertThat(PeriodMath.changePct(3000, 0)).isNull();
  }

  @Test
  void linearProjectionCarriesTheDailyAverageOverTheMonth() {
    assertThat(PeriodMath.linearProjection(150, 15, 30)).isEqualTo(300.0);
    assertThat(PeriodMath.linearProjection(3000, 30, 30)).isEqualTo(3000.0);
    assertThat(PeriodMath.linearProjection(0, 0, 30)).isZero();
  }

  @Test
  void elapsedDaysCountWholeLocalDaysBeforeTheDateWithinTheMonth() {
    YearMonth november = YearMonth.of(2026, 11);
    assertThat(PeriodMath.elapsedDays(november, LocalDate.of(2026, 11, 16))).isEqualTo(15);
    assertThat(PeriodMath.elapsedDays(november, LocalDate.of(2026, 11, 1))).isZero();
    assertThat(PeriodMath.elapsedDays(november, LocalDate.of(2026, 10, 20))).isZero();
    assertThat(PeriodMath.elapsedDays(november, LocalDate.of(2026, 12, 1))).isEqualTo(30);
    assertThat(PeriodMath.elapsedDays(november, LocalDate.of(2027, 3, 1))).isEqualTo(30);
  }

  @Test
  void shareRoundsToTwoDecimalsAndIsNullWithoutQuota() {
    assertThat(PeriodMath.sharePct(3000, 3600)).isEqualTo(83.33);
    assertThat(PeriodMath.sharePct(1, 0)).isNull();
  }
}
