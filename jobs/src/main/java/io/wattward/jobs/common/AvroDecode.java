package io.wattward.jobs.common;

import io.wattward.connectors.kafka.RawRecord;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes raw records of one Avro type; what does not decode goes to the dead letters (UNDECODABLE). */
public final class AvroDecode<T> extends ProcessFunction<RawRecord, T> {

  /** The generated class's decoder, e.g. {@code NodeWindow::getDecoder}. */
  @FunctionalInterface
  public interface Decoder<T> extends java.io.Serializable {
    BinaryMessageDecoder<T> get();
  }

  private final String job;
  private final String type;
  private final Decoder<T> decoderFactory;
  private transient BinaryMessageDecoder<T> decoder;
  private transient DeadLetters deadLetters;

  public AvroDecode(String job, String type, Decoder<T> decoderFactory) {
    this.job = job;
    this.type = type;
    this.decoderFactory = decoderFactory;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = decoderFactory.get();
    deadLetters = new DeadLetters(job, getRuntimeContext(), RejectReason.UNDECODABLE);
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
    try {
      if (raw.value == null) {
        throw new IllegalArgumentException("record has no value");
      }
      out.collect(decoder.decode(raw.value));
    } catch (Exception e) {
      ctx.output(DeadLetters.TAG, deadLetters.of(raw, new Rejection(RejectReason.UNDECODABLE, "not a " + type + ": " + e)));
    }
  }
}
