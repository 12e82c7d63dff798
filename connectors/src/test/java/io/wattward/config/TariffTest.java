package io.wattward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TariffTest {

  private final WattwardConfig defaults = WattwardConfig.load(null, Map.of());
  private final Tariff tariff = Tariff.of(defaults.rollup());

  @Test
  void defaultTimeOfUsePeriodsFollowTheLocalClock() {
    // 2026-11-19 01:00 UTC is 09:00 in Shanghai: peak
    assertThat(tariff.price("ELECTRICITY", Instant.parse("2026-11-19T01:00:00Z"))).isEqualTo(1.1243);
    // 06:00 UTC = 14:00: flat;  18:00 UTC = 02:00 next day: valley
    assertThat(tariff.price("ELECTRICITY", Instant.parse("2026-11-19T06:00:00Z"))).isEqualTo(0.6812);
    assertThat(tariff.price("ELECTRICITY", Instant.parse("2026-11-19T18:00:00Z"))).isEqualTo(0.3218);
    assertThat(tariff.price("WATER", Instant.parse("2026-11-19T01:00:00Z"))).isEqualTo(4.10);
  }

  @Test
  void beforeTheFirstTimeOfUseTariffElectricityIsFlat() {
    assertThat(tariff.price("ELECTRICITY", Instant.parse("2023-06-01T01:00:00Z"))).isEqualTo(0.6812);
  }

  @Test
  void periodsMustCoverTheDayWithoutOverlap() {
    var r = defaults.rollup();
    var gap = new WattwardConfig.Tariffs("CNY", List.of(new WattwardConfig.TimeOfUseTariff("2024-01-01",
        List.of(new WattwardConfig.TariffPeriod("a", "00:00", "12:00", 1)))), r.tariffs().flat());
    var overlap = new WattwardConfig.Tariffs("CNY", List.of(new WattwardConfig.TimeOfUseTariff("2024-01-01",
        List.of(new WattwardConfig.TariffPeriod("a", "00:00", "13:00", 1),
            new WattwardConfig.TariffPeriod("b", "12:00", "24:00", 1)))), r.tariffs().flat());
    assertThatThrownBy(() -> Tariff.of(withTariffs(r, gap))).hasMessageContaining("no price at 12:00");
    assertThatThrownBy(() -> Tariff.of(withTariffs(r, overlap))).hasMessageContaining("overlap at 12:00");
  }

  private static WattwardConfig.Rollup withTariffs(WattwardConfig.Rollup r, WattwardConfig.Tariffs t) {
    return new WattwardConfig.Rollup(r.zone(), r.allowedLatenessMs(), r.maxGapMs(), r.spikesBeforeNewBaseline(),
        r.tceKgPerUnit(), r.co2KgPerUnit(), t);
  }
}
