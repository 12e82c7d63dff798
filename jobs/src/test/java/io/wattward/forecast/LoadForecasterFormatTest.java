package io.wattward.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forecaster's stored format: what is restored forecasts exactly as what was stored would have. */
class LoadForecasterFormatTest {

  private static final HolidayCalendar WEEKENDS = HolidayCalendar.weekendsOnly();
  private static final LocalDate START = LocalDate.of(2024, 1, 1);

  private static double load(LocalDateTime hour) {
    // an office with a little weekly and daily noise, so that every regression learns something
    boolean working = WEEKENDS.dayType(hour.toLocalDate()).working();
    return (working ? 10 + hour.getHour() : 4) + (hour.getDayOfYear() * 7 + hour.getHour() * 3) % 5 * 0.1;
  }

  private static double outdoor(LocalDateTime hour) {
    return 5 + (hour.getDayOfYear() % 9) - hour.getHour() % 4;
  }

  private static LoadForecaster roundTrip(LoadForecaster f) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    f.write(new DataOutputStream(bytes));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    LoadForecaster restored = LoadForecaster.read(in);
    assertThat(in.available()).isZero();
    return restored;
  }

  private static void assertSameForecasts(List<HourlyForecast> expected, List<HourlyForecast> actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).hourStart(), actual.get(i).hourStart());
      assertEquals(expected.get(i).energyKwh(), actual.get(i).energyKwh(), 0.0);
      assertEquals(expected.get(i).lowerKwh(), actual.get(i).lowerKwh(), 0.0);
      assertEquals(expected.get(i).upperKwh(), actual.get(i).upperKwh(), 0.0);
    }
  }

  @Test
  void aRestoredForecasterForecastsBitIdenticallyForTheNextHours() throws IOException {
    LoadForecaster original = new LoadForecaster(ForecastSettings.defaults().withBusinessVolume(true));
    LocalDateTime hour = START.atStartOfDay();
    for (; hour.isBefore(START.plusDays(30).atTime(13, 0)); hour = hour.plusHours(1)) {
      original.planBusinessVolume(hour.toLocalDate(), 1000 + hour.getDayOfMonth(), 300);
      original.observe(hour, load(hour), outdoor(hour), WEEKENDS);
    }
    LoadForecaster restored = roundTrip(original);
    // the next two days, hour by hour, as the streaming job drives it: learn, then forecast the next 24 hours
    for (int i = 0; i < 48; i++, hour = hour.plusHours(1)) {
      for (LoadForecaster f : List.of(original, restored)) {
        f.planBusinessVolume(hour.toLocalDate().plusDays(1), 1100, 290);
        f.observe(hour, load(hour), outdoor(hour), WEEKENDS);
      }
      List<HourlyForecast> expected = original.forecast(hour.plusHours(1), WEEKENDS);
      assertThat(expected).allMatch(HourlyForecast::known);
      assertSameForecasts(expected, restored.forecast(hour.plusHours(1), WEEKENDS));
    }
  }

  @Test
  void aFreshForecasterSurvivesItsFormat() throws IOException {
    LoadForecaster fresh = new LoadForecaster(ForecastSettings.defaults());
    LoadForecaster restored = roundTrip(fresh);
    assertThat(restored.settings()).isEqualTo(fresh.settings());
    assertThat(restored.forecast(START.atStartOfDay(), WEEKENDS)).noneMatch(HourlyForecast::known);
  }

  @Test
  void anUnknownFormatVersionIsRefusedByName() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new LoadForecaster(ForecastSettings.defaults()).write(new DataOutputStream(bytes));
    byte[] stored = bytes.toByteArray();
    stored[0] = 9; // the leading format version, as a later build might write it
    assertThatThrownBy(() -> LoadForecaster.read(new DataInputStream(new ByteArrayInputStream(stored))))
        .isInstanceOf(UnknownStateVersionException.class)
        .hasMessage("LoadForecaster was stored in format version 9; this build reads versions 1 to 1");
  }

  @Test
  void regressionAndSpreadSurviveTheirFormat() throws IOException {
    ForgettingLeastSquares r = new ForgettingLeastSquares(2, 0.9, 0.5);
    r.update(new double[] {1, 2}, 3);
    r.update(new double[] {1, -1}, 0.5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    r.write(new DataOutputStream(bytes));
    ForgettingLeastSquares back = ForgettingLeastSquares.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back.updates()).isEqualTo(2);
    assertThat(back.coefficients()).containsExactly(r.coefficients());

    ResidualSpread s = new ResidualSpread(0.9, 30, 0.01);
    s.update(3, 2.0);
    s.update(3, -5.0);
    bytes.reset();
    s.write(new DataOutputStream(bytes));
    ResidualSpread spread = ResidualSpread.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(spread.multiplier()).isEqualTo(s.multiplier());
    assertThat(spread.halfWidth(3)).isEqualTo(s.halfWidth(3));
    assertThat(spread.halfWidth(4)).isNaN();
  }
}
