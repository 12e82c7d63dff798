package io.wattward.jobs.rollup;

import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.normalize.LedgerOutput;
import io.wattward.normalize.LedgerReading;
import io.wattward.normalize.LedgerRejection;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterLedger;
import io.wattward.normalize.MeterLedgerState;
import io.wattward.normalize.MeterMinute;
import io.wattward.schema.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 * pruning) is the {@link MeterLedger}'s; this operator keeps its {@link MeterLedgerState} as one value
 * per meter, sets the timers it asks for and sends what it returns. Once the watermark has passed a
 * meter's last reading by the allowed lateness, that value holds only the meter's last reading (and the
 * minute it fell inside, if any) and no timer is left.
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

  private transient MeterLedger ledger;
  private transient ValueState<MeterLedgerState> ledgerState;
  private transient DeadLetters deadLetters;
  private transient Counter corrections;

  public MeterNormalizer(String job, long allowedLatenessMs, long maxGapMs, int spikesBeforeNewBaseline) {
    this.job = job;
    this.allowedLatenessMs = allowedLatenessMs;
    this.maxGapMs = maxGapMs;
    this.spikesBeforeNewBaseline = spikesBeforeNewBaseline;
  }

  /** The per-meter state, in its compact format (builds before wrote it as a POJO: migrated on restore). */
  static ValueStateDescriptor<MeterLedgerState> stateDescriptor() {
    return new ValueStateDescriptor<>("meter-ledger", MeterLedgerSerializer.INSTANCE);
  }

  @Override
  public void open(OpenContext openContext) {
    ledger = new MeterLedger(allowedLatenessMs, maxGapMs, spikesBeforeNewBaseline);
    ledgerState = getRuntimeContext().getState(stateDescriptor());
    deadLetters = new DeadLetters(job, getRuntimeContext(), REASONS.values().toArray(RejectReason[]::new));
    corrections = getRuntimeContext().getMetricGroup().counter("lateCorrections");
  }

  @Override
  public void processElement(LedgerReading sample, Context ctx, Collector<MeterMinute> out) throws Exception {
    MeterLedgerState state = ledgerState.value();
    if (state == null) {
      state = new MeterLedgerState();
    }
    emit(ledger.receive(sample, ctx.timerService().currentWatermark(), state), ctx, out);
    ledgerState.update(state);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterMinute> out) throws Exception {
    MeterLedgerState state = ledgerState.value();
    if (state != null) {
      emit(ledger.advance(timestamp, state), ctx, out);
      ledgerState.update(state);
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
