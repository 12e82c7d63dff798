package io.wattward.jobs.common;

import io.wattward.connectors.kafka.RawRecord;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.normalize.LedgerReading;
import io.wattward.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.OutputTag;

/**
 * Builds dead-letter records and counts them per reason, both as Flink metrics (for dashboards)
 * and as accumulators (in the job's result and web UI). One instance per operator, opened in open().
 */
public final class DeadLetters {

  public static final OutputTag<DeadLetter> TAG =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final String job;
  private final Map<RejectReason, Counter> metrics = new EnumMap<>(RejectReason.class);
  private final Map<RejectReason, LongCounter> accumulators = new EnumMap<>(RejectReason.class);

  public DeadLetters(String job, RuntimeContext context, RejectReason... reasons) {
    this.job = job;
    for (RejectReason r : reasons) {
      metrics.put(r, context.getMetricGroup().counter(r.counterName()));
      LongCounter acc = new LongCounter();
      context.addAccumulator(r.counterName(), acc);
      accumulators.put(r, acc);
    }
  }

  public DeadLetter of(RawRecord raw, Rejection rejection) {
    count(rejection.reason());
    return build(rejection, raw.topic, raw.partition, raw.offset, raw.key, raw.value);
  }

  public DeadLetter of(LedgerReading sample, Rejection rejection) {
    count(rejection.reason());
    return build(rejection, sample.sourceTopic, sample.sourcePartition, sample.sourceOffset,
        sample.meterId.getBytes(StandardCharsets.UTF_8), sample.original);
  }

  /** A dead letter for a record known by where it came from. */
  public DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value, Rejection rejection) {
    count(rejection.reason());
    return build(rejection, topic, partition, offset, key, value);
  }

  private void count(RejectReason reason) {
    metrics.get(reason).inc();
    accumulators.get(reason).add(1L);
  }

  private DeadLetter build(Rejection rejection, String topic, int partition, long offset, byte[] key,
      byte[] value) {
    return DeadLetter.newBuilder()
        .setReasonCode(rejection.reason().name())
        .setReason(rejection.detail())
        .setJob(job)
        .setSourceTopic(topic == null ? "" : topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setDeadLetteredAt(Instant.now())
        .build();
  }
}
