package io.wattward.connectors.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Kafka values are Avro single-object encoded (a 2-byte marker, the schema's 8-byte fingerprint, then
 * the binary record), so a consumer knows which schema wrote a record without a schema registry, and
 * anything else is rejected on decode.
 */
public final class AvroMessages {
  private AvroMessages() {}

  public static <T> byte[] encode(BinaryMessageEncoder<T> encoder, T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + record, e);
    }
  }
}
