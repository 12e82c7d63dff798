package io.wattward.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.EnvReading;
import io.wattward.topology.EnvFactor;
import io.wattward.topology.SensorInfo;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvValidatorTest {

  private static final Instant T = Instant.parse("2026-11-19T02:00:00Z");
  private static final Map<String, SensorInfo> SENSORS = Map.of("S1",
      new SensorInfo("S1", "PPH", "MAIN", "IP2", "F05", "OPERATING-THEATRE", "IP2-F05-R501", "operating-room"));
  private final EnvValidator validator = new EnvValidator(3_600_000);

  private static EnvReading.Builder reading() {
    return EnvReading.newBuilder().setSensorId("S1").setEventTime(T);
  }

  private String reason(EnvReading r) {
    EnvValidator.Result result = validator.validate(r, SENSORS, T.toEpochMilli());
    return result.rejection() == null ? null : result.rejection().reason().name();
  }

  @Test
  void keepsReportedFactorsAndMarksTheOthersAbsent() {
    EnvValidator.Result r = validator.validate(reading().setTemperatureC(22.4).setHumidityPct(48.0).build(), SENSORS,
        T.toEpochMilli());

    assertThat(r.rejection()).isNull();
    assertThat(r.sample().values[EnvFactor.TEMPERATURE.ordinal()]).isEqualTo(22.4);
    assertThat(r.sample().values[EnvFactor.HUMIDITY.ordinal()]).isEqualTo(48.0);
    assertThat(r.sample().values[EnvFactor.CO2.ordinal()]).isNaN();
    assertThat(r.sample().eventTimeMs).isEqualTo(T.toEpochMilli());
  }

  @Test
  void rejectsWithAReason() {
    assertThat(reason(reading().setSensorId("S9").setTemperatureC(22.0).build())).isEqualTo("UNKNOWN_SENSOR");
    assertThat(reason(reading().build())).isEqualTo("EMPTY_READING");
    assertThat(reason(reading().setHumidityPct(130.0).build())).isEqualTo("IMPLAUSIBLE");
    assertThat(reason(reading().setCo2Ppm(-5.0).build())).isEqualTo("IMPLAUSIBLE");
    assertThat(reason(reading().setTemperatureC(Double.NaN).build())).isEqualTo("NOT_FINITE");
    assertThat(reason(reading().setEventTime(T.plusSeconds(7_200)).setTemperatureC(22.0).build()))
        .isEqualTo("FAR_FUTURE");
    assertThat(validator.validate(reading().setHumidityPct(130.0).build(), SENSORS, T.toEpochMilli()).rejection()
        .detail()).contains("humidityPct 130.0", "[0.0, 100.0]");
  }
}
