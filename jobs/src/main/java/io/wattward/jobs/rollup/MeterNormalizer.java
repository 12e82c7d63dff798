package io.wattward.jobs.rollup;

import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.normalize.HistoryChunk;
import io.wattward.normalize.LedgerOutput;
import io.wattward.normalize.LedgerReading;
import io.wattward.normalize.LedgerRejection;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterLedger;
import io.wattward.normalize.MeterLedgerState;
import io.wattward.normalize.MeterMinute;
import io.wattward.normalize.SplitLedger;
import io.wattward.schema.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per meter (keyed by meter id): validated samples in, consumption per minute out, in canonical
 * units, with events (rollover, reset, replacement, gap, spike) on {@link #EVENTS}, readings later than
 * the allowed lateness on {@link #LATE}, repeats and implausible readings on {@link DeadLetters#TAG}.
 *
 * <p>The bookkeeping (event-time order, late placement and corrections with higher versions, spikes,
 * pruning) is the {@link MeterLedger}'s; this operator keeps each meter's ledger in parts ({@link SplitLedger}):
 * the readings waiting for the watermark one by one, a small value every applied reading reads and writes, and
 * history chunks that a reading in order only appends to and that only late readings and pruning read. It sets
 * the timers the ledger asks for and sends what it returns. Once the watermark has passed a meter's last
 * reading by the allowed lateness, the meter's state holds only its last reading (and the minute it fell
 * inside, if any) and no timer is left. Ledgers that builds before kept whole (state "meter-ledger") are split
 * the first time their meter is touched.
 */
public final class MeterNormalizer extends KeyedProcessFunction<String, LedgerReading, MeterMinute> {

  public static final OutputTag<MeterEvent> EVENTS = new OutputTag<>("meter-events", Types.POJO(MeterEvent.class));
  public static final OutputTag<DeadLetter> LATE =
      new OutputTag<>("late-readings", TypeInformation.of(DeadLetter.class));

  private static final Map<LedgerRejection.Reason, RejectReason> REASONS = new EnumMap<>(LedgerRejection.Reason.class);

  static {
    for (LedgerRejection.Reason r : LedgerRejection.Reason.values()) {
      REASONS.put(r, RejectReason.valueOf(r.name()));
    }
  }

  private final String job;
  private final long allowedLatenessMs;
  private final long maxGapMs;
  private final int spikesBeforeNewBaseline;

  private transient SplitLedger ledger;
  private transient SplitLedger.Store store;
  private transient DeadLetters deadLetters;
  private transient Counter corrections;

  public MeterNormalizer(String job, long allowedLatenessMs, long maxGapMs, int spikesBeforeNewBaseline) {
    this.job = job;
    this.allowedLatenessMs = allowedLatenessMs;
    this.maxGapMs = maxGapMs;
    this.spikesBeforeNewBaseline = spikesBeforeNewBaseline;
  }

  /** A meter's "now" part, in the ledger's compact format. */
  static ValueStateDescriptor<MeterLedgerState> nowDescriptor() {
    return new ValueStateDescriptor<>("meter-now", MeterLedgerSerializer.INSTANCE);
  }

  /** A meter's history, as chunks in the ledger's compact format. */
  static ListStateDescriptor<HistoryChunk> historyDescriptor() {
    return new ListStateDescriptor<>("meter-history", LedgerPartSerializers.HistoryChunks.INSTANCE);
  }

  /** A meter's readings waiting for the watermark, by event time, each in the ledger's compact format. */
  static MapStateDescriptor<Long, LedgerReading> waitingDescriptor() {
    return new MapStateDescriptor<>("meter-waiting", LongSerializer.INSTANCE, LedgerPartSerializers.WaitingReadings.INSTANCE);
  }

  /**
   * The whole ledger builds before kept per meter (in the compact format, or as a POJO before that: migrated by
   * the serializer on restore); read once per meter and removed.
   */
  static ValueStateDescriptor<MeterLedgerState> wholeDescriptor() {
    return new ValueStateDescriptor<>("meter-ledger", MeterLedgerSerializer.INSTANCE);
  }

  @Override
  public void open(OpenContext openContext) {
    ledger = new SplitLedger(new MeterLedger(allowedLatenessMs, maxGapMs, spikesBeforeNewBaseline));
    store = new StateStore(getRuntimeContext().getState(nowDescriptor()),
        getRuntimeContext().getListState(historyDescriptor()), getRuntimeContext().getMapState(waitingDescriptor()),
        getRuntimeContext().getState(wholeDescriptor()));
    deadLetters = new DeadLetters(job, getRuntimeContext(), REASONS.values().toArray(RejectReason[]::new));
    corrections = getRuntimeContext().getMetricGroup().counter("lateCorrections");
  }

  @Override
  public void processElement(LedgerReading sample, Context ctx, Collector<MeterMinute> out) throws Exception {
    emit(ledger.receive(sample, ctx.timerService().currentWatermark(), store), ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterMinute> out) throws Exception {
    emit(ledger.advance(timestamp, store), ctx, out);
  }

  /** The current meter's parts in the keyed state. */
  private record StateStore(ValueState<MeterLedgerState> nowState, ListState<HistoryChunk> chunks,
      MapState<Long, LedgerReading> waiting, ValueState<MeterLedgerState> whole) implements SplitLedger.Store {

    @Override
    public MeterLedgerState now() throws Exception {
      return nowState.value();
    }

    @Override
    public void now(MeterLedgerState state) throws Exception {
      nowState.update(state);
    }

    @Override
    public Iterable<HistoryChunk> history() throws Exception {
      return chunks.get();
    }

    @Override
    public void append(HistoryChunk chunk) throws Exception {
      chunks.add(chunk);
    }

    @Override
    public void replaceHistory(HistoryChunk chunk) throws Exception {
      chunks.update(List.of(chunk));
    }

    @Override
    public LedgerReading waitingAt(long timeMs) throws Exception {
      return waiting.get(timeMs);
    }

    @Override
    public void await(LedgerReading r) throws Exception {
      waiting.put(r.eventTimeMs, r);
    }

    @Override
    public void stopWaiting(long timeMs) throws Exception {
      waiting.remove(timeMs);
    }

    @Override
    public MeterLedgerState takeWhole() throws Exception {
      MeterLedgerState state = whole.value();
      if (state != null) {
        whole.clear();
      }
      return state;
    }
  }

  private void emit(LedgerOutput o, Context ctx, Collector<MeterMinute> out) {
    o.minutes().forEach(out::collect);
    o.events().forEach(e -> ctx.output(EVENTS, e));
    for (LedgerRejection r : o.rejections()) {
      ctx.output(r.late() ? LATE : DeadLetters.TAG, deadLetter(r));
    }
    o.wakeUps().forEach(t -> ctx.timerService().registerEventTimeTimer(t));
    corrections.inc(o.corrections());
  }

  private DeadLetter deadLetter(LedgerRejection r) {
    LedgerReading s = r.reading();
    return deadLetters.of(s.sourceTopic, s.sourcePartition, s.sourceOffset, s.meterId.getBytes(StandardCharsets.UTF_8),
        s.original, new Rejection(REASONS.get(r.reason()), r.detail()));
  }
}
