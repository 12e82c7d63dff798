package io.wattward.topology;

import io.wattward.schema.EnvReading;

/**
 * The indoor and outdoor environment factors a sensor set may report, with the name they have in
 * configuration (the {@code EnvReading} field), in ClickHouse column names, and the physical limits
 * beyond which a value is a broken sensor rather than a bad room.
 */
public enum EnvFactor {
  TEMPERATURE("temperatureC", "temperature", "c", -60, 80),
  HUMIDITY("humidityPct", "humidity", "pct", 0, 100),
  CO2("co2Ppm", "co2", "ppm", 0, 20_000),
  VOC("vocPpb", "voc", "ppb", 0, 100_000),
  PM25("pm25UgM3", "pm25", "ug_m3", 0, 5_000),
  ILLUMINANCE("illuminanceLux", "illuminance", "lux", 0, 200_000);

  /** name in configuration and in {@code EnvReading} */
  public final String field;
  /** column prefix in ClickHouse */
  public final String column;
  /** column suffix: the unit */
  public final String unit;
  public final double physicalMin;
  public final double physicalMax;

  EnvFactor(String field, String column, String unit, double physicalMin, double physicalMax) {
    this.field = field;
    this.column = column;
    this.unit = unit;
    this.physicalMin = physicalMin;
    this.physicalMax = physicalMax;
  }

  /** The factor's value in a reading, or null when the sensor set did not report it. */
  public Double of(EnvReading r) {
    return switch (this) {
      case TEMPERATURE -> r.getTemperatureC();
      case HUMIDITY -> r.getHumidityPct();
      case CO2 -> r.getCo2Ppm();
      case VOC -> r.getVocPpb();
      case PM25 -> r.getPm25UgM3();
      case ILLUMINANCE -> r.getIlluminanceLux();
    };
  }

  public static EnvFactor byField(String field) {
    for (EnvFactor f : values()) {
      if (f.field.equals(field)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown environment factor '" + field + "' (known: "
        + java.util.Arrays.stream(values()).map(f -> f.field).toList() + ")");
  }
}
