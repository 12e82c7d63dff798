package io.wattward.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger over its two parts ("now" and the history) against the same ledger over one whole value: the same
 * outputs for the same input, including late readings, repeats, spikes, resets and gaps; a reading in order
 * never reads the history; a whole ledger of a build before is split and goes on. Allowed lateness 1 h, gaps
 * from 15 min, a plausible maximum of 1 kWh a minute, three spikes in a row a new meter; values in Wh.
 */
class SplitLedgerTest {

  private static final long M = 60_000;
  private static final long T0 = 1_795_000_000_000L / M * M;

  /** A store that keeps bytes, as RocksDB does, and counts reads. */
  static final class BytesStore implements SplitLedger.Store {
    byte[] now;
    final List<byte[]> chunks = new ArrayList<>();
    final TreeMap<Long, byte[]> waiting = new TreeMap<>();
    MeterLedgerState whole;
    int historyReads;
    int nowReads;
    int nowWrites;
    int appends;

    @Override
    public MeterLedgerState now() throws IOException {
      nowReads++;
      return now == null ? null : MeterLedgerCodec.read(in(now));
    }

    @Override
    public void now(MeterLedgerState state) throws IOException {
      nowWrites++;
      now = bytes(state, MeterLedgerCodec::write);
    }

    @Override
    public Iterable<HistoryChunk> history() throws IOException {
      historyReads++;
      return chunks();
    }

    List<HistoryChunk> chunks() throws IOException {
      List<HistoryChunk> decoded = new ArrayList<>();
      for (byte[] chunk : chunks) {
        decoded.add(MeterLedgerCodec.readChunk(in(chunk)));
      }
      return decoded;
    }

    @Override
    public void append(HistoryChunk chunk) throws IOException {
      appends++;
      chunks.add(bytes(chunk, MeterLedgerCodec::writeChunk));
    }

    @Override
    public void replaceHistory(HistoryChunk chunk) throws IOException {
      chunks.clear();
      chunks.add(bytes(chunk, MeterLedgerCodec::writeChunk));
    }

    @Override
    public LedgerReading waitingAt(long timeMs) throws IOException {
      byte[] bytes = waiting.get(timeMs);
      return bytes == null ? null : MeterLedgerCodec.readWaiting(in(bytes));
    }

    @Override
    public void await(LedgerReading r) throws IOException {
      waiting.put(r.eventTimeMs, bytes(r, MeterLedgerCodec::writeWaiting));
    }

    @Override
    public void stopWaiting(long timeMs) {
      waiting.remove(timeMs);
    }

    @Override
    public MeterLedgerState takeWhole() {
      MeterLedgerState w = whole;
      whole = null;
      return w;
    }

    /** The ledger the parts make, without touching them. */
    MeterLedgerState joined() throws IOException {
      MeterLedgerState joined = SplitLedger.join(MeterLedgerCodec.read(in(now)), chunks());
      for (Long t : waiting.keySet()) {
        joined.pending.add(waitingAt(t));
      }
      return joined;
    }

    private static <T> byte[] bytes(T value, MeterLedgerCodec.Writer<T> writer) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      writer.write(value, new DataOutputStream(bytes));
      return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
      return new DataInputStream(new ByteArrayInputStream(bytes));
    }
  }

  /** Meter A's register as {@link MeterLedgerTest} reads it, with source bytes that tell the readings apart. */
  private static LedgerReading register(long t, long wh) {
    LedgerReading r = MeterLedgerTest.register(t, wh);
    r.original = new byte[] {(byte) (t / M)};
    return r;
  }

  /** One meter under one ledger and its timers, as its operator drives it. */
  private abstract static class Driven {
    final TreeSet<Long> timers = new TreeSet<>();
    final List<LedgerOutput> outputs = new ArrayList<>();
    long watermark = Long.MIN_VALUE;

    abstract LedgerOutput receive(LedgerReading r, long watermarkMs) throws Exception;

    abstract LedgerOutput advance(long timeMs) throws Exception;

    void read(LedgerReading r) throws Exception {
      take(receive(r, watermark));
    }

    void watermark(long w) throws Exception {
      watermark = w;
      while (!timers.isEmpty() && timers.first() <= w) {
        take(advance(timers.pollFirst()));
      }
    }

    private void take(LedgerOutput o) {
      outputs.add(o);
      timers.addAll(o.wakeUps());
    }
  }

  private static final MeterLedger LEDGER = new MeterLedger(60 * M, 15 * M, 3);

  private static final class Whole extends Driven {
    final MeterLedgerState state = new MeterLedgerState();

    @Override
    LedgerOutput receive(LedgerReading r, long watermarkMs) {
      return LEDGER.receive(r, watermarkMs, state);
    }

    @Override
    LedgerOutput advance(long timeMs) {
      return LEDGER.advance(timeMs, state);
    }
  }

  private static final class Split extends Driven {
    final SplitLedger ledger = new SplitLedger(LEDGER);
    final BytesStore store = new BytesStore();

    @Override
    LedgerOutput receive(LedgerReading r, long watermarkMs) throws Exception {
      return ledger.receive(r, watermarkMs, store);
    }

    @Override
    LedgerOutput advance(long timeMs) throws Exception {
      return ledger.advance(timeMs, store);
    }
  }

  /**
   * Three days of a meter read every minute (some readings at half minutes, some hours missing) delivered as a
   * field gateway might: mostly in order a little ahead of the watermark, some late by up to 90 minutes, some
   * twice (the same value or another), some spikes and a register reset, the watermark moving in steps and now and
   * then starting again from nothing (a restart from a checkpoint, where readings before the last applied one come
   * while the watermark is behind it).
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void givesWhatTheWholeLedgerGivesForTheSameReadings(int seed) throws Exception {
    Random random = new Random(seed);
    List<LedgerReading> truth = new ArrayList<>();
    long value = 5_000_000;
    for (long t = T0; t < T0 + 3 * 24 * 60 * M; t += random.nextInt(10) == 0 ? 30_000 : M) {
      if (random.nextInt(2_000) == 0) {
        t += (20 + random.nextInt(100)) * M; // a gap
      }
      value = random.nextInt(5_000) == 0 ? random.nextInt(100) : value + random.nextInt(600);
      truth.add(register(t, value));
    }
    List<LedgerReading> delivered = new ArrayList<>();
    List<LedgerReading> held = new ArrayList<>();
    for (LedgerReading r : truth) {
      int fate = random.nextInt(100);
      if (fate < 3) {
        held.add(r); // delivered late
      } else {
        delivered.add(r);
        if (fate < 5) {
          delivered.add(register(r.eventTimeMs, fate == 3 ? r.valueMilli : r.valueMilli + 7));
        } else if (fate < 6) {
          delivered.add(register(r.eventTimeMs + 10_000, r.valueMilli + 9_000_000)); // a spike
        }
      }
      if (!held.isEmpty() && random.nextInt(30) == 0) {
        delivered.add(held.remove(random.nextInt(held.size())));
      }
    }
    delivered.addAll(held);

    Whole whole = new Whole();
    Split split = new Split();
    long latest = Long.MIN_VALUE;
    for (LedgerReading r : delivered) {
      latest = Math.max(latest, r.eventTimeMs);
      if (random.nextInt(400) == 0) {
        // a restart from a checkpoint: the state and timers stay, the watermark starts again from nothing
        whole.watermark = Long.MIN_VALUE;
        split.watermark = Long.MIN_VALUE;
      }
      whole.read(r);
      split.read(r);
      if (random.nextInt(4) == 0) {
        long w = latest - random.nextInt(3) * M;
        if (w > whole.watermark) {
          whole.watermark(w);
          split.watermark(w);
        }
      }
    }
    whole.watermark(Long.MAX_VALUE - 1);
    split.watermark(Long.MAX_VALUE - 1);

    assertThat(rendered(split.outputs)).containsExactlyElementsOf(rendered(whole.outputs));
    assertThat(split.store.joined()).usingRecursiveComparison().isEqualTo(whole.state);
    long corrections = whole.outputs.stream().mapToLong(LedgerOutput::corrections).sum();
    long rejections = whole.outputs.stream().mapToLong(o -> o.rejections().size()).sum();
    long minutes = whole.outputs.stream().mapToLong(o -> o.minutes().size()).sum();
    // the input exercised the paths: late corrections, rejections of every kind, thousands of minutes
    assertThat(corrections).isGreaterThan(20);
    assertThat(rejections).isGreaterThan(50);
    assertThat(minutes).isGreaterThan(4_000);
    assertThat(whole.outputs.stream().flatMap(o -> o.rejections().stream()).map(LedgerRejection::reason).distinct())
        .contains(LedgerRejection.Reason.DUPLICATE, LedgerRejection.Reason.CONFLICTING_DUPLICATE,
            LedgerRejection.Reason.SPIKE, LedgerRejection.Reason.LATE);
    // the history was read for late readings and pruning only: far fewer times than readings were taken
    assertThat(split.store.historyReads).isLessThan(delivered.size() / 5);
  }

  /** Each output with every field of what it holds, one line per output. */
  private static List<String> rendered(List<LedgerOutput> outputs) {
    return outputs.stream().map(o -> o.minutes().stream()
        .map(m -> m.meterId + " " + m.minuteStartMs + " " + m.consumptionMilli + " " + m.unit + " " + m.energyType
            + " r" + m.readings + (m.estimated ? " est" : "") + " v" + m.version + " was " + m.previousConsumptionMilli
            + " " + m.previousCounted).toList()
        + " " + o.events().stream().map(e -> e.meterId + " " + e.eventTimeMs + " " + e.kind + " " + e.detail + " "
            + e.valueBefore + " " + e.valueAfter + " " + e.gapMinutes).toList()
        + " " + o.rejections().stream().map(r -> r.reason() + " " + r.reading().eventTimeMs + " "
            + r.reading().valueMilli + " " + r.reading().original[0] + " " + r.detail()).toList()
        + " " + o.wakeUps() + " " + o.corrections()).toList();
  }

  @Test
  void aReadingInOrderAppendsToTheHistoryWithoutReadingIt() throws Exception {
    Split split = new Split();
    split.watermark(T0);
    split.watermark(T0 + 1); // the first pruning, on an empty history
    int reads = split.store.historyReads;
    // readings every minute from 00:00 to 00:09, each applied as it comes (the watermark is past it)
    for (int i = 0; i < 10; i++) {
      split.watermark(T0 + i * M);
      split.read(register(T0 + i * M, 1_000 + 100L * i));
    }
    assertThat(split.store.historyReads).isEqualTo(reads);
    // the first reading's point alone, then each reading's point with the minute it closed
    assertThat(split.store.appends).isEqualTo(10);
    assertThat(split.outputs.stream().flatMap(o -> o.minutes().stream()).map(m -> m.consumptionMilli))
        .hasSize(9).containsOnly(100L);
    MeterLedgerState joined = split.store.joined();
    assertThat(joined.applied).hasSize(10);
    assertThat(joined.minutes).extracting(m -> m.version).containsOnly(1L).hasSize(9);

    // a reading at 00:04:30 is late: read against the history, it corrects minute 4 to version 2
    split.read(register(T0 + 4 * M + 30_000, 1_480));
    assertThat(split.store.historyReads).isEqualTo(reads + 1);
    assertThat(split.store.chunks).hasSize(1);
    List<MeterMinute> corrected = split.outputs.get(split.outputs.size() - 1).minutes();
    assertThat(corrected).extracting(m -> (m.minuteStartMs - T0) / M + " " + m.consumptionMilli + " v" + m.version)
        .containsExactly("4 100 v2");
    assertThat(split.store.joined().applied).hasSize(11);
  }

  @Test
  void readingsAheadOfTheWatermarkWaitEachOnItsOwnUntilTheirTimers() throws Exception {
    Split split = new Split();
    split.watermark(T0);
    split.read(register(T0, 1_000));
    int nowWrites = split.store.nowWrites;
    int historyReads = split.store.historyReads;
    // a burst: an hour of readings comes while the watermark stands at 00:00, one of them twice
    for (int i = 1; i <= 60; i++) {
      split.read(register(T0 + i * M, 1_000 + 100L * i));
    }
    split.read(register(T0 + 30 * M, 4_500)); // contradicts the one waiting at 00:30 (4,000)
    // a waiting reading reads its own time and the small "now" part (to see it is after the last applied one),
    // and writes only itself
    assertThat(split.store.nowWrites).isEqualTo(nowWrites);
    assertThat(split.store.historyReads).isEqualTo(historyReads);
    assertThat(split.store.waiting).hasSize(60);
    assertThat(split.outputs.get(split.outputs.size() - 1).rejections()).extracting(r -> r.reason())
        .containsExactly(LedgerRejection.Reason.CONFLICTING_DUPLICATE);

    split.watermark(T0 + 60 * M);

    assertThat(split.store.waiting).isEmpty();
    assertThat(split.outputs.stream().flatMap(o -> o.minutes().stream()).map(m -> m.consumptionMilli))
        .hasSize(60).containsOnly(100L);
  }

  @Test
  void aWholeLedgerOfABuildBeforeIsSplitAndTheMeterGoesOn() throws Exception {
    Whole before = new Whole();
    before.watermark(T0);
    for (int i = 0; i < 5; i++) {
      before.read(register(T0 + i * M, 1_000 + 250L * i));
    }
    before.watermark(T0 + 3 * M); // 00:04 waits ahead of the watermark
    Split split = new Split();
    split.store.whole = MeterLedgerCodec.copy(before.state);
    split.timers.addAll(before.timers);
    split.watermark = before.watermark;

    split.read(register(T0 + 5 * M, 2_400));
    split.watermark(T0 + 5 * M);

    assertThat(split.store.whole).isNull();
    assertThat(split.outputs.stream().flatMap(o -> o.minutes().stream()))
        .extracting(m -> (m.minuteStartMs - T0) / M + " " + m.consumptionMilli).containsExactly("3 250", "4 400");
    MeterLedgerState joined = split.store.joined();
    assertThat(joined.applied).extracting(p -> (p.timeMs - T0) / M).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(joined.minutes).extracting(m -> (m.minuteStartMs - T0) / M).containsExactly(0L, 1L, 2L, 3L, 4L);
  }
}
