package io.wattward.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReportSchedulerTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private final ReportScheduler monthly = new ReportScheduler("0 7 1 * *", SHANGHAI);

  @Test
  void monthlyCronRunsOnTheFirstAtSevenLocalTime() {
    ZonedDateTime next = monthly.nextRun(ZonedDateTime.of(2026, 11, 22, 21, 0, 0, 0, ZoneId.of("UTC")));
    assertThat(next).isEqualTo(ZonedDateTime.of(2026, 12, 1, 7, 0, 0, 0, SHANGHAI));
    // 07:00 in Shanghai is 23:00 UTC of the day before
    assertThat(next.withZoneSameInstant(ZoneId.of("UTC")).toLocalDateTime().toString()).isEqualTo("2026-11-30T23:00");
  }

  @Test
  void aRunReportsOnThePreviousLocalMonth() {
    assertThat(monthly.reportMonth(ZonedDateTime.of(2026, 12, 1, 7, 0, 0, 0, SHANGHAI))).isEqualTo(YearMonth.of(2026, 11));
    assertThat(monthly.reportMonth(ZonedDateTime.of(2027, 1, 1, 7, 0, 0, 0, SHANGHAI))).isEqualTo(YearMonth.of(2026, 12));
    // 2026-11-30 23:00 UTC is already December 1st in Shanghai
    assertThat(monthly.reportMonth(ZonedDateTime.of(2026, 11, 30, 23, 0, 0, 0, ZoneId.of("UTC"))))
        .isEqualTo(YearMonth.of(2026, 11));
  }

  @Test
  void nextRunIsStrictlyAfterTheGivenInstantAndCrossesTheYear() {
    ZonedDateTime atRun = ZonedDateTime.of(2026, 12, 1, 7, 0, 0, 0, SHANGHAI);
    assertThat(monthly.nextRun(atRun)).isEqualTo(ZonedDateTime.of(2027, 1, 1, 7, 0, 0, 0, SHANGHAI));
  }

  @Test
  void weekdayCronSkipsTheWeekend() {
    ReportScheduler weekdays = new ReportScheduler("30 6 * * 1-5", SHANGHAI);
    // 2026-11-20 is a Friday
    ZonedDateTime next = weekdays.nextRun(ZonedDateTime.of(2026, 11, 20, 7, 0, 0, 0, SHANGHAI));
    assertThat(next).isEqualTo(ZonedDateTime.of(2026, 11, 23, 6, 30, 0, 0, SHANGHAI));
  }

  @Test
  void badCronIsRejectedWithTheExpressionInTheMessage() {
    assertThatThrownBy(() -> new ReportScheduler("0 7 32 * *", SHANGHAI))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 7 32 * *");
    assertThatThrownBy(() -> new ReportScheduler("every month", SHANGHAI))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every month");
  }
}
