package io.wattward.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.connectors.clickhouse.ClickHouseSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import ru.yandex.clickhouse.settings.ClickHouseProperties;
import ru.yandex.clickhouse.util.ClickHouseRowBinaryStream;

class ClickHouseTableTest {

  /** A row of a made-up table. */
  record Reading(String meter, long atMs, long milli, double kw, Long endedMs) {}

  private static final ClickHouseTable<Reading> TABLE = ClickHouseTable.<Reading>named("readings")
      .text("meter_id", Reading::meter)
      .time("at", Reading::atMs)
      .milli("consumption", Reading::milli)
      .numberOrNull("kw", Reading::kw)
      .timeOrNull("ended_at", Reading::endedMs)
      .integer("one", r -> 1)
      .bigint("version", r -> 7L);

  private static final List<String> TYPES = List.of("String", "DateTime('UTC')", "Decimal(18, 3)",
      "Nullable(Float64)", "Nullable(DateTime('UTC'))", "UInt8", "UInt64");

  private static String hex(ClickHouseTable<Reading> table, List<String> types, Reading row) throws Exception {
    ClickHouseSink.RowWriter<Reading> writer = table.encoder().forTypes(types);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writer.write(new ClickHouseRowBinaryStream(bytes, TimeZone.getTimeZone("UTC"), new ClickHouseProperties()), row);
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  @Test
  void eachColumnIsWrittenAsItsTypeInRowBinary() throws Exception {
    // 2025-11-27 00:00:00 UTC is 1,764,201,600 s = 0x69279480; 1.250 kWh is 1250 = 0x4e2 milli-units
    String row = hex(TABLE, TYPES, new Reading("M1", 1_764_201_600_000L, 1_250, Double.NaN, null));
    assertThat(TABLE.columns()).containsExactly("meter_id", "at", "consumption", "kw", "ended_at", "one", "version");
    assertThat(row).isEqualTo(String.join("",
        "02" + "4d31", // String: length, then UTF-8
        "80942769", // DateTime: UInt32 seconds, little-endian
        "e204000000000000", // Decimal(18, 3): Int64 of the milli-units
        "01", // Nullable: 1 is NULL (NaN), nothing follows
        "01", // NULL
        "01", // UInt8
        "0700000000000000")); // UInt64
  }

  @Test
  void presentNullableValuesAndOtherWidthsFollowTheServersTypes() throws Exception {
    List<String> types = List.of("String", "DateTime", "Decimal(9, 4)", "Nullable(Float64)",
        "Nullable(DateTime('UTC'))", "UInt16", "Int32");
    String row = hex(TABLE, types, new Reading("电", 60_000, 5, 2.5, 60_000L));
    assertThat(row).isEqualTo(String.join("",
        "03e794b5", // 电 is 3 bytes of UTF-8
        "3c000000", // 60 s
        "32000000", // scale 4: 5 milli-units are 50 units of 0.0001, an Int32 for precision 9
        "00" + "0000000000000440", // present: 0, then the Float64 2.5
        "00" + "3c000000",
        "0100",
        "07000000"));
  }

  @Test
  void aValueTheColumnCannotTakeNamesTheColumn() {
    List<String> textAt = List.of("String", "String", "Decimal(18, 3)", "Nullable(Float64)",
        "Nullable(DateTime('UTC'))", "UInt8", "UInt64");
    assertThatThrownBy(() -> TABLE.encoder().forTypes(textAt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column at is String in ClickHouse, where this build writes an instant");
    List<String> notNullable = List.of("String", "DateTime('UTC')", "Decimal(18, 3)", "Nullable(Float64)",
        "DateTime('UTC')", "UInt8", "UInt64");
    assertThatThrownBy(() -> hex(TABLE, notNullable, new Reading("M1", 0, 0, 1, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column ended_at (DateTime('UTC')) cannot take NULL");
    ClickHouseTable<Reading> tooBig = ClickHouseTable.<Reading>named("t").integer("hours", r -> 256);
    assertThatThrownBy(() -> hex(tooBig, List.of("UInt8"), new Reading("M1", 0, 0, 1, null)))
        .hasMessage("column hours (UInt8) cannot take 256");
  }

  @Test
  void aTableTravelsToTheTaskManagersAndWritesTheSameThere() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(TABLE);
    }
    @SuppressWarnings("unchecked")
    ClickHouseTable<Reading> copy = (ClickHouseTable<Reading>) new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray())).readObject();
    Reading r = new Reading("M2", 0, 5, 2.5, 60_000L);
    assertThat(hex(copy, TYPES, r)).isEqualTo(hex(TABLE, TYPES, r));
  }
}
