package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.rollup.WindowLifecycle.Firing;
import io.wattward.rollup.WindowLifecycle.Written;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The window lifecycle on a counting accumulator, in UTC, from midnight T; allowed lateness 1 h. Times are
 * in minutes after T; a written window reads "size start-minute total vVersion".
 */
class WindowLifecycleTest {

  private static final long T = Instant.parse("2026-11-19T00:00:00Z").toEpochMilli();
  private static final long M = 60_000;
  private static final long HOUR = 60 * M;

  /** Sums what it is given; remembers the minutes it was told are complete. */
  static final class Sum implements WindowAccumulator<Long, Sum> {
    long total;
    long version;
    final List<Long> completeMinutes = new ArrayList<>();

    @Override
    public void add(Long amount, WindowSize size) {
      total += amount;
    }

    @Override
    public void minuteComplete(Sum minute) {
      completeMinutes.add(minute.total);
    }

    @Override
    public long version() {
      return version;
    }

    @Override
    public void version(long version) {
      this.version = version;
    }
  }

  private final InMemoryWindowStore<Sum> store = new InMemoryWindowStore<>();
  private final TreeSet<Long> timers = new TreeSet<>();
  private final List<String> written = new ArrayList<>();
  private long watermark = Long.MIN_VALUE;

  private static WindowLifecycle<Long, Sum> lifecycle(Firing firing, Map<WindowSize, WindowSize> keptWith) {
    return new WindowLifecycle<>(ZoneOffset.UTC, HOUR, firing, keptWith, Sum::new);
  }

  private int contribute(WindowLifecycle<Long, Sum> lifecycle, long minute, long amount) {
    return lifecycle.contribute(T + minute * M, amount, watermark, store, timers::add);
  }

  /** Moves the watermark, firing every timer it passes in order, as Flink would. */
  private void watermark(WindowLifecycle<Long, Sum> lifecycle, long minute) {
    watermark = T + minute * M;
    while (!timers.isEmpty() && timers.first() <= watermark) {
      for (Written<Sum> w : lifecycle.fire(timers.pollFirst(), store)) {
        written.add(w.size().suffix + " " + (w.startMs() - T) / M + " " + w.window().total + " v" + w.version());
      }
    }
  }

  @Test
  void windowsAreWrittenWhenTheWatermarkPassesTheirEnd() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.AT_END_THEN_CORRECTIONS, Map.of());
    contribute(windows, 0, 10);
    contribute(windows, 1, 20);
    contribute(windows, 20, 30);
    watermark(windows, 15);
    assertThat(written).containsExactly("1m 0 10 v1", "1m 1 20 v1", "15m 0 30 v1");

    watermark(windows, 60);

    assertThat(written).containsExactly("1m 0 10 v1", "1m 1 20 v1", "15m 0 30 v1", "1m 20 30 v1", "15m 15 30 v1",
        "1h 0 60 v1");
  }

  @Test
  void lateContributionWithinLatenessRewritesEveryWindowItTouchesWithTheNextVersion() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.AT_END_THEN_CORRECTIONS, Map.of());
    contribute(windows, 1, 20);
    watermark(windows, 60);
    written.clear();

    assertThat(contribute(windows, 1, -5)).isZero(); // a correction moved 5 out of minute 1
    assertThat(timers).contains(T + 60 * M + 1); // written again at the next watermark
    watermark(windows, 61);
    contribute(windows, 1, -5);
    watermark(windows, 62);

    assertThat(written).containsExactlyInAnyOrder("1m 1 15 v2", "15m 0 15 v2", "1h 0 15 v2",
        "1m 1 10 v3", "15m 0 10 v3", "1h 0 10 v3");
  }

  @Test
  void contributionAfterTheLatenessIsDroppedForTheForgottenWindowsOnly() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.AT_END_THEN_CORRECTIONS,
        Map.of(WindowSize.QUARTER_HOUR, WindowSize.DAY));
    contribute(windows, 0, 10);
    watermark(windows, 180); // minute and hour are forgotten at 01:00 and 02:00; the quarter lives with its day
    written.clear();

    assertThat(contribute(windows, 0, -4)).isEqualTo(2); // the minute's and the hour's
    watermark(windows, 181);

    assertThat(written).containsExactly("15m 0 6 v2"); // the day is written at its end, with the correction in it
  }

  @Test
  void windowsKeptWithALongerOneLiveAsLongAsItAndNothingRemainsAfterIt() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.AT_END_THEN_CORRECTIONS,
        Map.of(WindowSize.QUARTER_HOUR, WindowSize.DAY));
    contribute(windows, 0, 10);
    contribute(windows, 20, 30);
    watermark(windows, 180);
    assertThat(windows.within(WindowSize.QUARTER_HOUR, T, T + 24 * HOUR, store)).extracting(s -> s.total)
        .containsExactly(10L, 30L);

    watermark(windows, 24 * 60 + 60); // the day's end plus the lateness

    assertThat(written).endsWith("1d 0 40 v1");
    assertThat(store.windows).isEmpty();
    assertThat(store.rewrite).isEmpty();
    assertThat(timers).isEmpty();
  }

  @Test
  void onceCompleteWindowsAreWrittenOnceAtTheirEndPlusTheLatenessAfterLearningTheirMinutes() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.ONCE_COMPLETE, Map.of());
    contribute(windows, 0, 1);
    contribute(windows, 0, 2);
    contribute(windows, 14, 4);
    watermark(windows, 61); // 00:01 plus the hour: minute 0 is complete
    assertThat(written).containsExactly("1m 0 3 v1");
    assertThat(store.get(WindowLifecycle.key(WindowSize.HOUR, T)).completeMinutes).containsExactly(3L);

    watermark(windows, 75); // 00:15 plus the hour

    assertThat(written).containsExactly("1m 0 3 v1", "1m 14 4 v1", "15m 0 7 v1");
    assertThat(store.get(WindowLifecycle.key(WindowSize.HOUR, T)).completeMinutes).containsExactly(3L, 4L);
    assertThat(contribute(windows, 1, 8)).isEqualTo(2); // its minute and quarter are written and forgotten
  }

  @Test
  void aContributionSaysWhetherItOpenedADayWindow() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.AT_END_THEN_CORRECTIONS,
        Map.of(WindowSize.QUARTER_HOUR, WindowSize.DAY));
    contribute(windows, 0, 10);
    assertThat(windows.openedDay()).isTrue(); // the key's first window of the day
    contribute(windows, 1, 10);
    assertThat(windows.openedDay()).isFalse(); // a new minute of a day already open
    contribute(windows, 24 * 60 + 5, 10);
    assertThat(windows.openedDay()).isTrue(); // the next day, while the first is still open
    watermark(windows, 3 * 24 * 60);
    assertThat(store.windows).isEmpty();
    contribute(windows, 3 * 24 * 60 + 1, 10);
    assertThat(windows.openedDay()).isTrue(); // everything forgotten: the next window opens a day again
    contribute(windows, 0, 10);
    assertThat(windows.openedDay()).isFalse(); // too late for every window: nothing opened
  }

  @Test
  void aKeyWithAMinuteEveryMinuteWaitsOnAFewTimersNotOnePerMinuteOfTheLateness() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.AT_END_THEN_CORRECTIONS,
        Map.of(WindowSize.QUARTER_HOUR, WindowSize.DAY));
    for (int minute = 0; minute < 60; minute++) {
      watermark(windows, minute);
      contribute(windows, minute, 1);
    }
    watermark(windows, 60);

    // the four quarter-hours forget their minutes at their ends plus the lateness (75, 90, 105, 120), the hour
    // is forgotten at 120, the day is written at 1440 and forgotten at 1500; one timer per minute of the
    // lateness (61 to 120) is not needed: each minute is forgotten by the firing 60 minutes after its end
    assertThat(timers).extracting(t -> (t - T) / M).containsExactly(75L, 90L, 105L, 120L, 1440L, 1500L);
    watermark(windows, 90);
    // minutes 0..29 are gone (29 with the quarter 15-30, the others at the firings of minutes 60..89's ends);
    // 30..59 are kept for corrections until 90..119
    assertThat(store.windows.keySet()).filteredOn(k -> WindowLifecycle.size(k) == WindowSize.MINUTE)
        .extracting(k -> ((k >> 2) - T) / M).containsExactlyElementsOf(
            java.util.stream.LongStream.range(30, 60).boxed().toList());
  }

  @Test
  void aMinuteNoFiringForgetsIsForgottenWithItsQuarterHourAndTakesNothingMeanwhile() {
    WindowLifecycle<Long, Sum> windows = lifecycle(Firing.AT_END_THEN_CORRECTIONS,
        Map.of(WindowSize.QUARTER_HOUR, WindowSize.DAY));
    contribute(windows, 7, 10);
    watermark(windows, 70); // minute 7 was due to be forgotten at 68, when this key had no firing
    assertThat(store.windows).containsKey(WindowLifecycle.key(WindowSize.MINUTE, T + 7 * M));
    written.clear();

    assertThat(contribute(windows, 7, -4)).isEqualTo(1); // too late for the minute, in time for the others
    watermark(windows, 75); // the quarter-hour 00:00-00:15 ended 60 minutes ago: its minutes go

    assertThat(written).containsExactly("15m 0 6 v2", "1h 0 6 v2"); // not the minute
    assertThat(store.windows.keySet()).noneMatch(k -> WindowLifecycle.size(k) == WindowSize.MINUTE);
  }
}
