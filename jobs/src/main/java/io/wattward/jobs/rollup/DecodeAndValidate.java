package io.wattward.jobs.rollup;

import io.wattward.connectors.kafka.RawRecord;
import io.wattward.ingest.ReadingValidator;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.jobs.common.TopologyState;
import io.wattward.normalize.LedgerReading;
import io.wattward.schema.MeterReading;
import io.wattward.schema.MeterRegistration;
import java.util.List;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw Kafka records in, validated samples out, against the topology (the registrations the job
 * started with and every one broadcast since). Anything that cannot be decoded or used goes to
 * {@link DeadLetters#TAG} with its reason and original bytes. Never throws for a bad record.
 */
public final class DecodeAndValidate extends BroadcastProcessFunction<RawRecord, MeterRegistration, LedgerReading> {

  private final String job;
  private final ReadingValidator validator;
  private final TopologyState topology;
  private transient BinaryMessageDecoder<MeterReading> decoder;
  private transient DeadLetters deadLetters;

  public DecodeAndValidate(String job, List<MeterRegistration> initialTopology, long maxFutureSkewMs) {
    this.job = job;
    this.validator = new ReadingValidator(maxFutureSkewMs);
    this.topology = new TopologyState(initialTopology);
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = MeterReading.getDecoder();
    deadLetters = new DeadLetters(job, getRuntimeContext(), RejectReason.values());
  }

  @Override
  public void processElement(RawRecord raw, ReadOnlyContext ctx, Collector<LedgerReading> out) throws Exception {
    MeterReading reading;
    try {
      if (raw.value == null) {
        throw new IllegalArgumentException("record has no value");
      }
      reading = decoder.decode(raw.value);
    } catch (Exception e) {
      ctx.output(DeadLetters.TAG, deadLetters.of(raw,
          new Rejection(RejectReason.UNDECODABLE, "not a MeterReading: " + e)));
      return;
    }
    ReadingValidator.Result result = validator.validate(reading,
        topology.get(ctx.getBroadcastState(TopologyState.DESCRIPTOR)), System.currentTimeMillis());
    if (result.rejection() != null) {
      ctx.output(DeadLetters.TAG, deadLetters.of(raw, result.rejection()));
      return;
    }
    LedgerReading sample = result.sample();
    sample.sourceTopic = raw.topic;
    sample.sourcePartition = raw.partition;
    sample.sourceOffset = raw.offset;
    sample.original = raw.value;
    out.collect(sample);
  }

  @Override
  public void processBroadcastElement(MeterRegistration registration, Context ctx, Collector<LedgerReading> out)
      throws Exception {
    topology.add(ctx.getBroadcastState(TopologyState.DESCRIPTOR), registration);
  }
}
