package io.wattward.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinuteSplitterTest {

  private static final long M = 60_000;

  private static Map<Long, Long> split(long start, long end, long milli) {
    Map<Long, Long> out = new LinkedHashMap<>();
    MinuteSplitter.split(start, end, milli, out::put);
    return out;
  }

  @Test
  void intervalOnMinuteBoundariesGoesToItsMinute() {
    assertThat(split(10 * M, 11 * M, 1_750)).containsExactly(Map.entry(10 * M, 1_750L));
  }

  @Test
  void intervalInsideOneMinuteGoesToThatMinute() {
    assertThat(split(10 * M + 5_000, 10 * M + 35_000, 400)).containsExactly(Map.entry(10 * M, 400L));
  }

  @Test
  void gapIsSpreadInProportionAndSumsExactly() {
    // 3 minutes, 1000 milli: 333 + 333 + 334
    assertThat(split(10 * M, 13 * M, 1_000))
        .containsExactly(Map.entry(10 * M, 333L), Map.entry(11 * M, 333L), Map.entry(12 * M, 334L));
  }

  @Test
  void straddlingIntervalSplitsByOverlap() {
    // 10:00:30 -> 10:01:30 is half in minute 10, half in minute 11
    assertThat(split(10 * M + 30_000, 11 * M + 30_000, 900))
        .containsExactly(Map.entry(10 * M, 450L), Map.entry(11 * M, 450L));
  }

  @Test
  void emptyIntervalIsRefused() {
    assertThatThrownBy(() -> split(M, M, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
