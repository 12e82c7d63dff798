package io.wattward.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.EnergyType;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.ValueKind;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class RegistrationDecoderTest {

  @Test
  void registrationWrittenWithTheFirstSchemaIsReadWithDefaultsForNewFields() throws Exception {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/wattward/schemas/history/MeterRegistration-1.avsc")) {
      Schema.Parser parser = new Schema.Parser();
      parser.addTypes(List.of(EnergyType.getClassSchema(), ValueKind.getClassSchema()));
      v1 = parser.parse(in);
    }
    GenericRecord spatial = new GenericRecordBuilder(v1.getField("spatial").schema())
        .set("hospital", "PPH").set("campus", "MAIN").set("building", "IP2").build();
    GenericRecord itemized = new GenericRecordBuilder(v1.getField("itemized").schema()).build();
    GenericRecord old = new GenericRecordBuilder(v1)
        .set("meterId", "IP2-TR-01").set("pointKind", "transformer")
        .set("energyType", new GenericData.EnumSymbol(EnergyType.getClassSchema(), "ELECTRICITY"))
        .set("categoryCode", "01000").set("spatial", spatial).set("itemized", itemized)
        .set("valueKind", new GenericData.EnumSymbol(ValueKind.getClassSchema(), "REGISTER"))
        .set("unit", "kWh").set("multiplier", 80.0).set("effectiveFrom", 1_577_836_800_000L).build();
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] value = new byte[bytes.remaining()];
    bytes.get(value);

    MeterRegistration read = new RegistrationDecoder().decode(value);

    assertThat(read.getMeterId()).isEqualTo("IP2-TR-01");
    assertThat(read.getMultiplier()).isEqualTo(80.0);
    assertThat(read.getAccounting()).isTrue();
    assertThat(read.getFormula()).isNull();
    assertThat(read.getMaxRatePerHour()).isNull();
  }
}
