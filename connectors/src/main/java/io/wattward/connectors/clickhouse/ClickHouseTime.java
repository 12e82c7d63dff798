package io.wattward.connectors.clickhouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How instants are written to ClickHouse: as UTC wall-clock text for DateTime('UTC') columns, which no
 * client or server time zone can shift.
 */
public final class ClickHouseTime {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private ClickHouseTime() {}

  public static String utc(Instant t) {
    return UTC.format(t);
  }

  public static String utc(long epochMs) {
    return UTC.format(Instant.ofEpochMilli(epochMs));
  }
}
