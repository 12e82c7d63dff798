package io.wattward.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HolidayCalendarTest {

  private static final HolidayCalendar CAMBRIDGE = HolidayCalendar.fromResource(HolidayCalendar.CAMBRIDGE_RESOURCE);

  @Test
  void cambridgeCalendarKnowsBankHolidaysAndTheChristmasClosure() {
    assertThat(CAMBRIDGE.dayType(LocalDate.of(2016, 3, 25))).isEqualTo(DayType.HOLIDAY); // Good Friday
    assertThat(CAMBRIDGE.dayType(LocalDate.of(2017, 1, 2))).isEqualTo(DayType.HOLIDAY); // substitute New Year
    assertThat(CAMBRIDGE.dayType(LocalDate.of(2017, 12, 21))).isEqualTo(DayType.WORKING); // Thursday before closure
    assertThat(CAMBRIDGE.dayType(LocalDate.of(2017, 12, 22))).isEqualTo(DayType.HOLIDAY); // closure
    assertThat(CAMBRIDGE.dayType(LocalDate.of(2017, 12, 23))).isEqualTo(DayType.WEEKEND); // Saturday
    assertThat(CAMBRIDGE.dayType(LocalDate.of(2017, 12, 25))).isEqualTo(DayType.HOLIDAY);
    assertThat(CAMBRIDGE.dayType(LocalDate.of(2017, 6, 14))).isEqualTo(DayType.WORKING); // a Wednesday
  }

  @Test
  void weekendAndMakeUpWorkdaysAreConfigurable() throws Exception {
    HolidayCalendar calendar = HolidayCalendar.parse(new StringReader("""
        # a site with a Friday-Saturday weekend
        weekend,FRIDAY SATURDAY
        date,kind,name
        2024-02-10,workday,make-up working day
        2024-02-12,holiday,Spring Festival
        """), "test");
    assertThat(calendar.dayType(LocalDate.of(2024, 2, 9))).isEqualTo(DayType.WEEKEND); // Friday
    assertThat(calendar.dayType(LocalDate.of(2024, 2, 10))).isEqualTo(DayType.WORKING); // Saturday, worked
    assertThat(calendar.dayType(LocalDate.of(2024, 2, 11))).isEqualTo(DayType.WORKING); // Sunday
    assertThat(calendar.dayType(LocalDate.of(2024, 2, 12))).isEqualTo(DayType.HOLIDAY);
  }

  @Test
  void badLinesAreNamedInTheError() {
    assertThatThrownBy(() -> HolidayCalendar.parse(new StringReader("2024-01-01,holiday,x\n2024-01-02,feast,y\n"), "cal.csv"))
        .hasMessageContaining("cal.csv line 2").hasMessageContaining("feast");
    assertThatThrownBy(() -> HolidayCalendar.parse(new StringReader("2024-13-01,holiday,x\n"), "cal.csv"))
        .hasMessageContaining("cal.csv line 1").hasMessageContaining("bad date");
    assertThatThrownBy(() -> HolidayCalendar.parse(new StringReader("2024-01-01,holiday\n2024-01-01,closure\n"), "cal.csv"))
        .hasMessageContaining("listed twice");
  }

  @Test
  void missingResourceIsReportedByName() {
    assertThatThrownBy(() -> HolidayCalendar.fromResource("nope.csv")).hasMessageContaining("nope.csv");
  }
}
