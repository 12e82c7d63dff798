package io.wattward.connectors.kafka;

import io.wattward.schema.EnergyType;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.ValueKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Decodes {@link MeterRegistration}s written with the current schema or any earlier one kept in
 * {@code wattward/schemas/history}: the topology topic is compacted, so it holds registrations written
 * by every release since the meters were registered.
 */
public final class RegistrationDecoder {

  private static final List<String> HISTORY = List.of("MeterRegistration-1.avsc");

  private final BinaryMessageDecoder<MeterRegistration> decoder;

  public RegistrationDecoder() {
    decoder = MeterRegistration.createDecoder(null);
    for (String file : HISTORY) {
      try (InputStream in = RegistrationDecoder.class.getResourceAsStream("/wattward/schemas/history/" + file)) {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(List.of(EnergyType.getClassSchema(), ValueKind.getClassSchema()));
        decoder.addSchema(parser.parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read historical schema " + file, e);
      }
    }
  }

  public MeterRegistration decode(byte[] value) throws IOException {
    return decoder.decode(ByteBuffer.wrap(value));
  }
}
