package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

  /** The windows as the zone's rules give them, asked anew each time: what the kept day must always equal. */
  private static long expectedStart(WindowSize size, long timeMs, ZoneId zone) {
    Instant t = Instant.ofEpochMilli(timeMs);
    if (size == WindowSize.DAY) {
      return LocalDate.ofInstant(t, zone).atStartOfDay(zone).toInstant().toEpochMilli();
    }
    ZoneOffset offset = zone.getRules().getOffset(t);
    long local = timeMs + offset.getTotalSeconds() * 1000L;
    long sizeMs = size.nominalMinutes * 60_000L;
    return Math.floorDiv(local, sizeMs) * sizeMs - offset.getTotalSeconds() * 1000L;
  }

  @Test
  void theKeptDayGivesWhatTheRulesGiveAcrossClockChangesAndZones() {
    // Berlin's clocks change at 01:00 UTC (2026-03-29, 2026-10-25); Sao Paulo's changed at local midnight
    // (2018-11-04: that day began at 01:00 and had 23 hours); Shanghai kept summer time in 1988; Kolkata is +05:30
    ZoneId[] zones = {ZoneId.of("Europe/Berlin"), ZoneId.of("America/Sao_Paulo"), SHANGHAI, ZoneId.of("Asia/Kolkata")};
    String[] around = {"2026-03-28T00:00:00Z", "2026-10-24T00:00:00Z", "2018-11-02T00:00:00Z", "1988-04-09T00:00:00Z",
        "1988-09-10T00:00:00Z", "2026-11-19T00:00:00Z"};
    int checked = 0;
    for (String from : around) {
      // every 7 minutes for three days, the zones taken in turn so the kept day keeps changing, and in order
      for (long t = ms(from); t < ms(from) + 3 * 86_400_000L; t += 7 * 60_000L) {
        for (ZoneId zone : zones) {
          for (WindowSize size : WindowSize.values()) {
            long start = size.start(t, zone);
            assertThat(start).as("%s start of %s in %s", size, Instant.ofEpochMilli(t), zone)
                .isEqualTo(expectedStart(size, t, zone));
            long end = size.end(start, zone);
            assertThat(end).as("%s end of %s in %s", size, Instant.ofEpochMilli(start), zone)
                .isEqualTo(size == WindowSize.DAY ? expectedStart(size, start + 86_400_000L + 7_200_000L, zone)
                    : start + size.nominalMinutes * 60_000L);
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(6 * 618 * 4 * 4);
  }

  @Test
  void aDayWithAClockChangeHasItsOwnLength() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    long spring = WindowSize.DAY.start(ms("2026-03-29T12:00:00Z"), berlin);
    assertThat(spring).isEqualTo(ms("2026-03-28T23:00:00Z"));
    assertThat(WindowSize.DAY.end(spring, berlin) - spring).isEqualTo(23 * 3_600_000L);
    // after the change Berlin is UTC+2: a local hour still starts on a whole UTC hour, a quarter too
    assertThat(WindowSize.HOUR.start(ms("2026-03-29T01:30:00Z"), berlin)).isEqualTo(ms("2026-03-29T01:00:00Z"));
  }
}
