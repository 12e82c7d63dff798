package io.wattward.anomaly.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The injections on series small enough to check by hand, and their placement over a year. */
class AnomalyInjectorTest {

  private static final long H = 3_600_000L;
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final long JAN_2 = Instant.parse("2017-01-02T00:00:00Z").toEpochMilli();

  private static HourlySeries series(double... values) {
    return new HourlySeries("a", JAN_2, values);
  }

  @Test
  void stepAddsFifteenPercentOfTheSpansMeanToEveryHour() {
    HourlySeries s = series(1, 10, 20, 30, 40, 1);
    double[] v = s.values();
    InjectedEvent e = AnomalyInjector.step(s, v, 1, 4, 0.15);
    // mean of 10, 20, 30, 40 is 25; 15 % of it is 3.75 an hour: the span's 100 becomes 115
    assertThat(v).containsExactly(new double[] {1, 13.75, 23.75, 33.75, 43.75, 1}, within(1e-12));
    assertThat(Arrays.stream(v, 1, 5).sum()).isCloseTo(115.0, within(1e-12));
    assertThat(e.kind()).isEqualTo(EventKind.BASE_LOAD_STEP);
    assertThat(e.startMs()).isEqualTo(JAN_2 + H);
    assertThat(e.endMs()).isEqualTo(JAN_2 + 5 * H);
  }

  @Test
  void flatlineRepeatsTheFirstValueOfTheSpan() {
    HourlySeries s = series(5, 6, 7, 8, 9);
    double[] v = s.values();
    InjectedEvent e = AnomalyInjector.flatline(s, v, 1, 3);
    assertThat(v).containsExactly(5, 6, 6, 6, 9);
    assertThat(e.endMs() - e.startMs()).isEqualTo(3 * H);
    // a span that is already constant would change nothing: no event
    assertThat(AnomalyInjector.flatline(s, v, 1, 3)).isNull();
  }

  @Test
  void silentRemovesValuesAndSpikeTriplesOneHourButNotAZero() {
    HourlySeries s = series(2, 4, 0, 8);
    double[] v = s.values();
    assertThat(AnomalyInjector.spike(s, v, 1, 3.0).detail()).isEqualTo("4.00 -> 12.00");
    assertThat(AnomalyInjector.spike(s, v, 2, 3.0)).isNull();
    AnomalyInjector.silent(s, v, 2, 2);
    assertThat(v).containsExactly(2, 12, Double.NaN, Double.NaN);
  }

  @Test
  void lightsAddFifteenPercentOfTheDaytimeLoadFromEightPmToSixAm() {
    // 30 January days (London is on UTC): 100 from 08:00 to 18:00, 10 otherwise
    double[] values = new double[30 * 24];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 24 >= 8 && i % 24 < 18 ? 100 : 10;
    }
    HourlySeries s = series(values);
    double[] v = s.values();
    int evening = 28 * 24 + 20; // day 28, 20:00
    assertThat(AnomalyInjector.nextEvening(s, 28 * 24 + 9, LONDON)).isEqualTo(evening);
    InjectedEvent e = AnomalyInjector.nightLights(s, v, evening, 1, 0.15, LONDON);
    // 15 % of the daytime 100 is 15 an hour, for the ten hours 20:00-06:00
    assertThat(e.startMs()).isEqualTo(s.hourMs(evening));
    assertThat(e.endMs()).isEqualTo(s.hourMs(29 * 24 + 6));
    assertThat(v[evening - 1]).isEqualTo(10);
    assertThat(Arrays.copyOfRange(v, evening, evening + 10)).containsOnly(25.0);
    assertThat(v[evening + 10]).isEqualTo(10);
  }

  @Test
  void injectPlacesOneEventOfEachKindPerQuarterWithoutOverlapAndReproducibly() {
    long from = Instant.parse("2016-01-01T00:00:00Z").toEpochMilli();
    long scoreFrom = Instant.parse("2017-01-01T00:00:00Z").toEpochMilli();
    long to = Instant.parse("2018-01-01T00:00:00Z").toEpochMilli();
    double[] values = new double[(int) ((to - from) / H)];
    for (int i = 0; i < values.length; i++) {
      values[i] = 10 + i % 7; // never constant for long, never zero
    }
    HourlySeries s = new HourlySeries("b1", from, values);
    List<EventKind> kinds = List.of(EventKind.BASE_LOAD_STEP, EventKind.NIGHT_LIGHTS, EventKind.FLATLINE,
        EventKind.SILENT_METER, EventKind.SPIKE);
    AnomalyInjector.Injected a = AnomalyInjector.inject(s, scoreFrom, to, kinds, 7, LONDON);
    AnomalyInjector.Injected b = AnomalyInjector.inject(s, scoreFrom, to, kinds, 7, LONDON);

    assertThat(a.events()).hasSize(20);
    assertThat(a.events()).isEqualTo(b.events());
    assertThat(a.events()).allSatisfy(e -> assertThat(e.startMs()).isGreaterThanOrEqualTo(scoreFrom));
    for (EventKind kind : kinds) {
      assertThat(a.events().stream().filter(e -> e.kind() == kind)).hasSize(4);
    }
    List<InjectedEvent> sorted = a.events().stream().sorted(Comparator.comparingLong(InjectedEvent::startMs)).toList();
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i).startMs()).isGreaterThanOrEqualTo(sorted.get(i - 1).endMs() + 48 * H);
    }
    // the training year is untouched, and the original series too
    assertThat(Arrays.copyOf(a.series().values(), 8784)).containsExactly(Arrays.copyOf(values, 8784));
    assertThat(s.values()).doesNotContain(Double.NaN);
    assertThat(a.series().values()).contains(Double.NaN);
  }
}
