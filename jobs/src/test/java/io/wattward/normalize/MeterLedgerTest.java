package io.wattward.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.ValueKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger without Flink: a kWh register read every minute, allowed lateness 1 h, gaps from 15 min,
 * a plausible maximum of 1 kWh per minute and three implausible readings in a row taken as a new meter.
 * Values are in Wh (milli-kWh); times in minutes.
 */
class MeterLedgerTest {

  private static final long M = 60_000;
  private static final long HOUR = 60 * M;
  private final MeterLedger ledger = new MeterLedger(HOUR, 15 * M, 3);
  private final MeterLedgerState state = new MeterLedgerState();
  private final List<LedgerOutput> outputs = new ArrayList<>();
  private long watermark = Long.MIN_VALUE;

  /** A reading of meter A's kWh register at {@code minute} (ms) of {@code wh}; also used by {@link SplitLedgerTest}. */
  static LedgerReading register(long minute, long wh) {
    LedgerReading r = new LedgerReading();
    r.meterId = "A";
    r.eventTimeMs = minute;
    r.valueMilli = wh;
    r.kind = ValueKind.REGISTER;
    r.energyType = "ELECTRICITY";
    r.unit = "kWh";
    r.factor = 1.0;
    r.registerCapacityMilli = 100_000_000;
    r.maxMilliPerHour = 60_000;
    return r;
  }

  /** Readings arrive while the watermark stands where it is. */
  private void read(long minute, long wh) {
    outputs.add(ledger.receive(register(minute * M, wh), watermark, state));
  }

  /** The watermark moves to {@code minute}; the ledger is woken as its operator's timers would wake it. */
  private void watermark(long minute) {
    watermark = minute * M;
    outputs.add(ledger.advance(watermark, state));
  }

  /** minute consumption readings version, for every minute written so far */
  private List<String> minutes() {
    return outputs.stream().flatMap(o -> o.minutes().stream())
        .map(m -> m.minuteStartMs / M + " " + m.consumptionMilli + " r" + m.readings + " v" + m.version
            + (m.version > 1 ? " was " + m.previousConsumptionMilli : "") + (m.estimated ? " est" : ""))
        .toList();
  }

  private List<String> events() {
    return outputs.stream().flatMap(o -> o.events().stream()).map(e -> e.kind + " " + e.eventTimeMs / M).toList();
  }

  private List<String> rejections() {
    return outputs.stream().flatMap(o -> o.rejections().stream())
        .map(r -> r.reason() + " " + r.reading().eventTimeMs / M).toList();
  }

  @Test
  void firstReadingIsOnlyTheBaseline() {
    watermark(20);
    read(10, 1_000);

    assertThat(minutes()).isEmpty();
    assertThat(state.last.valueMilli).isEqualTo(1_000);
  }

  @Test
  void consumptionBetweenTwoReadingsIsWrittenForTheMinuteTheyClose() {
    watermark(20);
    read(10, 1_000);
    read(11, 1_250);
    read(12, 1_750);

    assertThat(minutes()).containsExactly("10 250 r1 v1", "11 500 r1 v1");
  }

  @Test
  void readingAheadOfTheWatermarkWaitsAndAsksToBeWokenAtItsTime() {
    watermark(0);
    read(10, 1_000);
    read(12, 1_300);
    read(11, 1_100); // out of order, but nothing is applied yet
    assertThat(outputs.get(3).wakeUps()).containsExactly(11 * M);
    assertThat(minutes()).isEmpty();

    watermark(12);

    assertThat(minutes()).containsExactly("10 100 r1 v1", "11 200 r1 v1");
  }

  @Test
  void counterRolloverCountsWhatWasLeftToTheCapacityPlusTheNewValue() {
    watermark(20);
    read(10, 99_999_800); // capacity 100,000 kWh: 200 Wh left to the wrap
    read(11, 150);

    assertThat(minutes()).containsExactly("10 350 r1 v1");
    assertThat(events()).containsExactly("ROLLOVER 11");
  }

  @Test
  void resetStartsANewBaselineWithoutInventingConsumption() {
    watermark(20);
    read(10, 52_000_000);
    read(11, 5);
    read(12, 25);

    assertThat(minutes()).containsExactly("10 0 r1 v1", "11 20 r1 v1");
    assertThat(events()).containsExactly("RESET 11");
  }

  @Test
  void gapIsSpreadEvenlyAndItsMinutesAreEstimated() {
    watermark(40);
    read(10, 1_000);
    read(30, 3_000); // 20 minutes, 2 kWh: 100 Wh a minute

    assertThat(minutes()).hasSize(20).allMatch(m -> m.endsWith(" 100 r1 v1 est"));
    assertThat(events()).containsExactly("GAP 30");
    assertThat(outputs.get(2).events().get(0).gapMinutes).isEqualTo(20);
  }

  @Test
  void duplicateAndContradictingReadingAreRejectedAndChangeNothing() {
    watermark(0);
    read(10, 1_000);
    read(11, 1_100);
    read(11, 1_100); // repeats the queued reading
    watermark(11);
    read(11, 1_100); // repeats the applied reading
    read(11, 1_999); // same time, other value

    assertThat(rejections()).containsExactly("DUPLICATE 11", "DUPLICATE 11", "CONFLICTING_DUPLICATE 11");
    assertThat(minutes()).containsExactly("10 100 r1 v1");
  }

  @Test
  void lateReadingWithinLatenessCorrectsTheSplitWithHigherVersionsAndKeepsTheTotal() {
    watermark(20);
    read(10, 1_000);
    read(12, 1_300); // 10:01 is missing: 300 Wh split 150 + 150
    watermark(30);
    read(11, 1_100); // 28 minutes late, within the hour: the minutes were 100 and 200

    assertThat(minutes()).containsExactly("10 150 r1 v1", "11 150 r1 v1", "10 100 r1 v2 was 150",
        "11 200 r1 v2 was 150");
    assertThat(outputs.get(outputs.size() - 1).corrections()).isEqualTo(1);
    assertThat(rejections()).isEmpty();
  }

  @Test
  void readingLaterThanTheAllowedLatenessIsRejectedAsLate() {
    watermark(20);
    read(10, 1_000);
    read(12, 1_300);
    watermark(80); // the watermark is 68 minutes past 10:01: more than the hour
    read(11, 1_100);

    assertThat(minutes()).containsExactly("10 150 r1 v1", "11 150 r1 v1");
    assertThat(rejections()).containsExactly("LATE 11");
    assertThat(outputs.get(outputs.size() - 1).rejections().get(0).late()).isTrue();
  }

  @Test
  void lateReadingThatDoesNotFitBetweenItsNeighboursIsOutOfSequence() {
    watermark(20);
    read(10, 1_000);
    read(12, 1_300);
    read(11, 1_500); // above the later reading: the register would have gone down

    assertThat(minutes()).containsExactly("10 150 r1 v1", "11 150 r1 v1");
    assertThat(rejections()).containsExactly("OUT_OF_SEQUENCE 11");
  }

  @Test
  void spikeIsRejectedAndTheBaselineKept() {
    watermark(20);
    read(10, 1_000);
    read(11, 9_000); // 8 kWh in a minute, over the plausible 1 kWh
    read(12, 1_500);

    assertThat(minutes()).containsExactly("10 250 r1 v1", "11 250 r1 v1");
    assertThat(rejections()).containsExactly("SPIKE 11");
    assertThat(events()).containsExactly("SPIKE 11");
    assertThat(state.spikes).isZero();
  }

  @Test
  void spikeThenNewLevelThreeTimesInARowIsAReplacedMeterWithANewBaseline() {
    watermark(20);
    read(10, 1_000);
    read(11, 50_000);
    read(12, 50_400);
    assertThat(state.spikes).isEqualTo(2);
    read(13, 50_900); // third in a row above the old baseline's plausible range: a new baseline
    read(14, 51_200);

    // 10:00-10:03 unknown (counted zero), then 300 Wh in minute 13
    assertThat(minutes()).containsExactly("10 0 r1 v1", "11 0 r1 v1", "12 0 r1 v1", "13 300 r1 v1");
    assertThat(rejections()).containsExactly("SPIKE 11", "SPIKE 12");
    assertThat(events()).containsExactly("SPIKE 11", "SPIKE 12", "REPLACEMENT 13");
  }

  @Test
  void readingsInsideAMinuteAccumulateUntilOneReachesItsEnd() {
    watermark(20);
    read(10, 1_000);
    outputs.add(ledger.receive(register(10 * M + 30_000, 1_010), watermark, state));
    assertThat(minutes()).isEmpty();
    read(11, 1_030);

    assertThat(minutes()).containsExactly("10 30 r2 v1");
  }

  @Test
  void onceTheWatermarkIsPastTheLatenessOnlyTheLastReadingRemains() {
    watermark(20);
    read(10, 1_000);
    read(11, 1_100);
    read(12, 1_200);
    assertThat(state.applied).hasSize(3);
    List<Long> wakeUps = outputs.stream().flatMap(o -> o.wakeUps().stream()).distinct().toList();
    // 12:00 + 1 h, rounded up to the ten-minute grid the ledger prunes on
    assertThat(wakeUps).containsExactly(80 * M);

    watermark(80);

    assertThat(state.applied).extracting(p -> p.timeMs).containsExactly(12 * M);
    assertThat(state.minutes).isEmpty();
    assertThat(state.last.valueMilli).isEqualTo(1_200);
    read(13, 1_260); // and the next reading still counts from it
    assertThat(minutes()).endsWith("12 60 r1 v1");
  }

  @Test
  void pruningKeepsWhatALateReadingWithinLatenessStillNeeds() {
    watermark(20);
    for (int minute = 10; minute <= 40; minute++) {
      read(minute, 1_000 + 10L * (minute - 10)); // 10 Wh a minute
    }
    read(42, 1_320); // 10:41 missing: 20 Wh split 10 + 10
    watermark(101); // horizon 10:41: readings before it are forgotten but the newest of them, 10:40

    assertThat(state.applied).extracting(p -> p.timeMs / M).containsExactly(40L, 42L);
    read(41, 1_305); // 60 minutes late, just within the hour: the split was 5 + 15
    assertThat(minutes()).endsWith("40 5 r1 v2 was 10", "41 15 r1 v2 was 10");
  }
}
