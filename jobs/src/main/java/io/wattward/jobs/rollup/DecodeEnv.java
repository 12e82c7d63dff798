package io.wattward.jobs.rollup;

import io.wattward.connectors.kafka.RawRecord;
import io.wattward.environment.EnvSample;
import io.wattward.environment.EnvValidator;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.schema.EnvReading;
import io.wattward.topology.SensorInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw env-readings records in, validated samples out. Anything undecodable or unusable goes to
 * {@link DeadLetters#TAG} with its reason and original bytes. Never throws for a bad record.
 */
public final class DecodeEnv extends ProcessFunction<RawRecord, EnvSample> {

  private final String job;
  private final EnvValidator validator;
  private final Map<String, SensorInfo> sensors = new HashMap<>();
  private transient BinaryMessageDecoder<EnvReading> decoder;
  private transient DeadLetters deadLetters;

  public DecodeEnv(String job, List<SensorInfo> registry, long maxFutureSkewMs) {
    this.job = job;
    this.validator = new EnvValidator(maxFutureSkewMs);
    registry.forEach(s -> sensors.put(s.sensorId(), s));
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = EnvReading.getDecoder();
    deadLetters = new DeadLetters(job, getRuntimeContext(), RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SENSOR,
        RejectReason.FAR_FUTURE, RejectReason.NOT_FINITE, RejectReason.IMPLAUSIBLE, RejectReason.EMPTY_READING);
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<EnvSample> out) {
    EnvReading reading;
    try {
      if (raw.value == null) {
        throw new IllegalArgumentException("record has no value");
      }
      reading = decoder.decode(raw.value);
    } catch (Exception e) {
      ctx.output(DeadLetters.TAG, deadLetters.of(raw, new Rejection(RejectReason.UNDECODABLE, "not an EnvReading: " + e)));
      return;
    }
    EnvValidator.Result result = validator.validate(reading, sensors, System.currentTimeMillis());
    if (result.rejection() != null) {
      ctx.output(DeadLetters.TAG, deadLetters.of(raw, result.rejection()));
      return;
    }
    EnvSample s = result.sample();
    s.sourceTopic = raw.topic;
    s.sourcePartition = raw.partition;
    s.sourceOffset = raw.offset;
    s.original = raw.value;
    out.collect(s);
  }
}
