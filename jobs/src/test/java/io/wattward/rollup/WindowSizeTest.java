package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WindowSizeTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void dayRunsFromLocalMidnight() {
    // 2026-11-19 07:59 UTC is 15:59 in Shanghai; the local day began at 2026-11-18 16:00 UTC
    long start = WindowSize.DAY.start(ms("2026-11-19T07:59:00Z"), SHANGHAI);
    assertThat(start).isEqualTo(ms("2026-11-18T16:00:00Z"));
    assertThat(WindowSize.DAY.end(start, SHANGHAI)).isEqualTo(ms("2026-11-19T16:00:00Z"));
    // 16:30 UTC is already the next local day
    assertThat(WindowSize.DAY.start(ms("2026-11-19T16:30:00Z"), SHANGHAI)).isEqualTo(ms("2026-11-19T16:00:00Z"));
  }

  @Test
  void quarterHoursAndHoursAlignToTheLocalClock() {
    assertThat(WindowSize.QUARTER_HOUR.start(ms("2026-11-19T07:44:00Z"), SHANGHAI)).isEqualTo(ms("2026-11-19T07:30:00Z"));
    assertThat(WindowSize.HOUR.start(ms("2026-11-19T07:44:00Z"), SHANGHAI)).isEqualTo(ms("2026-11-19T07:00:00Z"));
    // India is UTC+05:30: a local hour starts at half past a UTC hour
    assertThat(WindowSize.HOUR.start(ms("2026-11-19T07:44:00Z"), ZoneId.of("Asia/Kolkata"))).isEqualTo(ms("2026-11-19T07:30:00Z"));
  }
}
