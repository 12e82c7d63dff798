package io.wattward.forecast.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.schema.EnergyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastQualityTest {

  @Test
  void readsTheCambridgeLayoutAndScoresEveryBuilding(@TempDir Path dir) throws IOException {
    // two buildings, 28 days; b1 repeats one weekly profile, b2 the same at twice the level
    StringBuilder electricity = new StringBuilder("building_id,timestamp_utc,kwh\n");
    StringBuilder weather = new StringBuilder("datetime,air_temperature [degC],rltv_hum [%],glbl_irad_amt [W/m2]\n");
    LocalDateTime start = LocalDateTime.of(2016, 1, 4, 0, 0); // a Monday
    for (int i = 0; i < 28 * 24; i++) {
      LocalDateTime t = start.plusHours(i);
      String stamp = t.toString().replace('T', ' ') + ":00";
      double kwh = t.getDayOfWeek().getValue() >= 6 ? 3 : 10 + t.getHour();
      electricity.append("b1,").append(stamp).append(',').append(kwh).append('\n');
      electricity.append("b2,").append(stamp).append(',').append(2 * kwh).append('\n');
      weather.append(stamp).append(",7.5,80,0\n");
    }
    Files.writeString(dir.resolve("electricity_hourly_2016.csv"), electricity);
    Files.writeString(dir.resolve("weather_2016.csv"), weather);

    ForecastQuality.Period lastWeek = new ForecastQuality.Period(LocalDate.of(2016, 1, 25), LocalDate.of(2016, 1, 31));
    List<ForecastQuality.Row> rows = ForecastQuality.evaluate(dir, List.of(EnergyType.ELECTRICITY), lastWeek,
        HolidayCalendar.weekendsOnly(), ForecastSettings.defaults());

    assertThat(rows).extracting(ForecastQuality.Row::building).containsExactly("b1", "b2");
    for (ForecastQuality.Row r : rows) {
      assertThat(r.hours()).isEqualTo(7 * 24);
      assertThat(r.missingDays()).isZero();
      assertThat(r.model().cvRmse()).isCloseTo(0, within(1e-6));
      assertThat(r.sameHourLastWeek().cvRmse()).isZero();
      assertThat(r.sameHourYesterday().cvRmse()).isGreaterThan(50); // Monday after Sunday, Saturday after Friday
      assertThat(r.intervalCoverage()).isEqualTo(100);
    }
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(ForecastQuality.median(rows(3, 1, 2), r -> r.model().count())).isEqualTo(2);
    assertThat(ForecastQuality.median(rows(4, 1, 3, 2), r -> r.model().count())).isEqualTo(2.5);
  }

  private static List<ForecastQuality.Row> rows(int... counts) {
    return java.util.Arrays.stream(counts).mapToObj(n -> {
      Accuracy a = new Accuracy();
      for (int i = 0; i < n; i++) {
        a.add(1, 1);
      }
      return new ForecastQuality.Row(EnergyType.ELECTRICITY, "b" + n, n, 0, a, a, a, 90);
    }).toList();
  }
}
