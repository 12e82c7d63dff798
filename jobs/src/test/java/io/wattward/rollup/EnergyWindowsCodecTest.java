package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A node's windows in their compact form: what goes in comes out, in about 20 bytes a window. */
class EnergyWindowsCodecTest {

  private static final long DAY = Instant.parse("2026-11-18T16:00:00Z").toEpochMilli(); // 00:00 in Shanghai
  private static final long M = 60_000;

  private static EnergyAccumulator window(long milli, int meterMinutes, int expected, double cost, long version) {
    EnergyAccumulator a = new EnergyAccumulator();
    a.consumptionMilli = milli;
    a.meterMinutes = meterMinutes;
    a.metersExpected = expected;
    a.cost = cost;
    a.version = version;
    return a;
  }

  /** A node of 12 meters at 23:45 in its day: 75 minutes, 96 quarter-hours, 2 hours and the day open. */
  private static EnergyWindows aDayOfANode() {
    EnergyWindows w = new EnergyWindows();
    long now = DAY + 1425 * M;
    for (int i = 0; i < 75; i++) {
      long start = now - (75 - i) * M;
      w.put(WindowLifecycle.key(WindowSize.MINUTE, start), window(3_000 + i, 12, 12, 3.0 * 0.8, 1));
    }
    for (int q = 0; q < 96; q++) {
      w.put(WindowLifecycle.key(WindowSize.QUARTER_HOUR, DAY + q * 15 * M), window(45_000 + q, 180, 12, 36.0, q < 95 ? 1 : 0));
    }
    w.put(WindowLifecycle.key(WindowSize.HOUR, DAY + 22 * 60 * M), window(180_000, 720, 12, 144.0, 1));
    w.put(WindowLifecycle.key(WindowSize.HOUR, DAY + 23 * 60 * M), window(135_000, 540, 12, 108.0, 0));
    w.put(WindowLifecycle.key(WindowSize.DAY, DAY), window(4_300_000, 17_100, 12, 3_440.25, 0));
    w.markRewrite(WindowLifecycle.key(WindowSize.MINUTE, now - 3 * M));
    w.markRewrite(WindowLifecycle.key(WindowSize.HOUR, DAY + 22 * 60 * M));
    return w;
  }

  private static byte[] bytes(EnergyWindows w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EnergyWindowsCodec.write(w, new DataOutputStream(out));
    return out.toByteArray();
  }

  private static EnergyWindows read(byte[] bytes) throws IOException {
    return EnergyWindowsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  @Test
  void whatGoesInComesOutInAboutTwentyBytesAWindow() throws Exception {
    EnergyWindows w = aDayOfANode();
    byte[] encoded = bytes(w);
    EnergyWindows back = read(encoded);
    assertThat(back.keys()).containsExactlyElementsOf(w.keys()).hasSize(174);
    for (long key : w.keys()) {
      assertThat(back.get(key)).usingRecursiveComparison().isEqualTo(w.get(key));
    }
    assertThat(back.marked()).containsExactlyElementsOf(w.marked()).hasSize(2);
    assertThat(bytes(new EnergyWindows())).hasSize(3); // format, no windows, no marks
    assertThat(read(bytes(new EnergyWindows())).isEmpty()).isTrue();
    // per window: key delta 3-4 bytes (a minute is 240,000 in key units; a quarter-hour's 3,600,000), consumption
    // 2-4, meter-minutes 1-3, expected 1, cost 8, version 1: 16-21 bytes; the first key takes 7 more
    System.out.printf("a day of a node: %d windows in %d bytes%n", w.size(), encoded.length);
    assertThat(encoded.length).isBetween(174 * 16, 174 * 21 + 7 + 20);
  }

  @Test
  void aValueOfAnotherFormatIsRefusedWithItsNumber() {
    assertThatThrownBy(() -> read(new byte[] {2, 0, 0})).isInstanceOf(IOException.class)
        .hasMessageContaining("format 2");
  }
}
