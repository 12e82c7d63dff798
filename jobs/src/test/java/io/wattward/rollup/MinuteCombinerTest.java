package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinuteCombinerTest {

  private static final long MINUTE = 1_800_000_000_000L;

  private static NodeContribution c(String key, long minute, long milli, int meterMinutes, int expected) {
    NodeContribution c = new NodeContribution();
    c.key = key;
    c.nodeId = key;
    c.energyType = "ELECTRICITY";
    c.minuteStartMs = minute;
    c.deltaMilli = milli;
    c.deltaMeterMinutes = meterMinutes;
    c.metersExpected = expected;
    return c;
  }

  private static List<String> drained(MinuteCombiner combiner) {
    return combiner.drain().stream().sorted(Comparator.comparing((NodeContribution c) -> c.key)
            .thenComparingLong(c -> c.minuteStartMs))
        .map(c -> c.key + " " + (c.minuteStartMs - MINUTE) / 60_000 + " " + c.deltaMilli + " " + c.deltaMeterMinutes
            + "/" + c.metersExpected)
        .toList();
  }

  @Test
  void contributionsToTheSameNodeMinuteAddUp() {
    MinuteCombiner combiner = new MinuteCombiner();
    combiner.add(c("floor F07", MINUTE, 1_250, 1, 3));
    combiner.add(c("floor F07", MINUTE, 700, 1, 3));
    combiner.add(c("floor F07", MINUTE, 50, 1, 3));

    assertThat(combiner.size()).isEqualTo(1);
    assertThat(combiner.added()).isEqualTo(3);
    assertThat(drained(combiner)).containsExactly("floor F07 0 2000 3/3");
  }

  @Test
  void otherNodesAndOtherMinutesStayApart() {
    MinuteCombiner combiner = new MinuteCombiner();
    combiner.add(c("floor F07", MINUTE, 1_000, 1, 2));
    combiner.add(c("floor F08", MINUTE, 2_000, 1, 1));
    combiner.add(c("floor F07", MINUTE + 60_000, 3_000, 1, 2));
    combiner.add(c("floor F07", MINUTE, 500, 1, 2));

    assertThat(drained(combiner)).containsExactly("floor F07 0 1500 2/2", "floor F07 1 3000 1/2",
        "floor F08 0 2000 1/1");
  }

  @Test
  void aCorrectionAddsItsDifferenceAndMayCancelOut() {
    MinuteCombiner combiner = new MinuteCombiner();
    // a meter-minute first counted as 800 and reported, then corrected to 1,100 (a difference of +300, no new
    // report), and a minute of another meter withdrawn (-400, one report less)
    combiner.add(c("dept CARD", MINUTE, 800, 1, 2));
    combiner.add(c("dept CARD", MINUTE, 300, 0, 2));
    combiner.add(c("dept CARD", MINUTE, -400, -1, 2));

    assertThat(drained(combiner)).containsExactly("dept CARD 0 700 0/2");
  }

  @Test
  void theLargestExpectedMeterCountIsKept() {
    MinuteCombiner combiner = new MinuteCombiner();
    combiner.add(c("building IP2", MINUTE, 10, 1, 4));
    combiner.add(c("building IP2", MINUTE, 10, 1, 5));
    combiner.add(c("building IP2", MINUTE, 10, 1, 4));

    assertThat(drained(combiner)).containsExactly("building IP2 0 30 3/5");
  }

  @Test
  void drainingEmptiesTheCombiner() {
    MinuteCombiner combiner = new MinuteCombiner();
    combiner.add(c("floor F07", MINUTE, 1, 1, 1));
    combiner.drain();

    assertThat(combiner.size()).isZero();
    assertThat(combiner.drain()).isEmpty();
    combiner.add(c("floor F07", MINUTE, 2, 1, 1));
    assertThat(drained(combiner)).containsExactly("floor F07 0 2 1/1");
  }
}
