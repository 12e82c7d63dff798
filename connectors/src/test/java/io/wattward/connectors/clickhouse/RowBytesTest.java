package io.wattward.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import ru.yandex.clickhouse.settings.ClickHouseProperties;
import ru.yandex.clickhouse.util.ClickHouseRowBinaryStream;

class RowBytesTest {

  @Test
  void keepsWhatIsWrittenAcrossGrowthAndStartsAgainAfterAReset() throws IOException {
    ClickHouseSink.RowBytes bytes = new ClickHouseSink.RowBytes();
    // 70,000 rows of a UInt16 and a 3-byte string (1 length byte + 3): 6 bytes a row, 420,000 bytes, past
    // the first 64 KiB three times
    ClickHouseRowBinaryStream out = new ClickHouseRowBinaryStream(bytes, TimeZone.getTimeZone("UTC"),
        new ClickHouseProperties());
    for (int i = 0; i < 70_000; i++) {
      out.writeUInt16(i % 65_536);
      out.writeString("abc");
    }
    assertThat(bytes.size()).isEqualTo(420_000);
    byte[] read = bytes.input().readAllBytes();
    assertThat(read).hasSize(420_000);
    // row 300 (little-endian 300 = 0x2C 0x01, then length 3 and "abc") starts at byte 1,800
    assertThat(new byte[] {read[1800], read[1801], read[1802], read[1803], read[1805]})
        .containsExactly((byte) 0x2C, (byte) 0x01, (byte) 3, (byte) 'a', (byte) 'c');
    // the input reads in place and can be read again for a retry
    assertThat(bytes.input().readAllBytes()).isEqualTo(read);

    bytes.reset();
    out.writeUInt8(7);
    assertThat(bytes.input().readAllBytes()).containsExactly((byte) 7);
  }

  @Test
  void anUnusuallyLargeBatchIsLetGoAfterIt() {
    ClickHouseSink.RowBytes bytes = new ClickHouseSink.RowBytes();
    bytes.write(new byte[ClickHouseSink.RowBytes.KEEP_AT_MOST + 1], 0, ClickHouseSink.RowBytes.KEEP_AT_MOST + 1);
    assertThat(bytes.capacity()).isGreaterThan(ClickHouseSink.RowBytes.KEEP_AT_MOST);
    bytes.reset();
    assertThat(bytes.size()).isZero();
    assertThat(bytes.capacity()).isEqualTo(ClickHouseSink.RowBytes.INITIAL);
  }
}
