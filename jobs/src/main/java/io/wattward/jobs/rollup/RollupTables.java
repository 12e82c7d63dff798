package io.wattward.jobs.rollup;

import io.wattward.environment.EnvAggregate;
import io.wattward.jobs.common.ClickHouseTable;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.RowVersion;
import io.wattward.rollup.WindowSize;
import io.wattward.topology.EnvFactor;

/**
 * The ClickHouse tables of the rollup job and what each column takes from a row. A row written again after
 * a restart, or corrected by a late reading with a higher version, replaces the earlier one; a row built
 * from less data never replaces one built from more ({@link RowVersion}).
 */
final class RollupTables {
  private RollupTables() {}

  static final ClickHouseTable<MeterMinute> METER_MINUTE = ClickHouseTable.<MeterMinute>named("meter_minute")
      .text("meter_id", m -> m.meterId)
      .time("minute_start", m -> m.minuteStartMs)
      .milli("consumption", m -> m.consumptionMilli)
      .text("unit", m -> m.unit)
      .integer("readings", m -> m.readings)
      .bigint("version", m -> RowVersion.of(m.readings, m.version))
      .integer("estimated", m -> m.estimated ? 1 : 0);

  static final ClickHouseTable<MeterEvent> METER_EVENTS = ClickHouseTable.<MeterEvent>named("meter_events")
      .text("meter_id", e -> e.meterId)
      .time("event_time", e -> e.eventTimeMs)
      .text("kind", e -> e.kind.name())
      .text("detail", e -> e.detail)
      .number("value_before", e -> e.valueBefore)
      .number("value_after", e -> e.valueAfter)
      .bigint("gap_minutes", e -> e.gapMinutes);

  static ClickHouseTable<NodeAggregate> nodeEnergy(WindowSize size) {
    return ClickHouseTable.<NodeAggregate>named("node_energy_" + size.suffix)
        .text("hierarchy", a -> a.hierarchy)
        .text("node_level", a -> a.level)
        .text("node_id", a -> a.nodeId)
        .text("building", a -> a.building)
        .text("energy_type", a -> a.energyType)
        .text("sub_item_code", a -> a.subItem)
        .time("window_start", a -> a.windowStartMs)
        .milli("consumption", a -> a.consumptionMilli)
        .text("unit", a -> a.unit)
        .number("peak_demand_kw", a -> a.peakDemandKw)
        .integer("meters_expected", a -> a.metersExpected)
        .integer("meter_minutes", a -> a.meterMinutes)
        .number("coverage_pct", a -> a.coveragePct)
        .number("tce_kg", a -> a.tceKg)
        .number("co2_kg", a -> a.co2Kg)
        .number("cost_cny", a -> a.cost)
        .bigint("version", a -> RowVersion.of(a.meterMinutes, a.version));
  }

  /** Rows of env_1m/15m/1h/1d: node, window, then avg/min/max/minutes out per factor. */
  static ClickHouseTable<EnvAggregate> envWindows(WindowSize size) {
    ClickHouseTable<EnvAggregate> table = ClickHouseTable.<EnvAggregate>named("env_" + size.suffix)
        .text("node_level", a -> a.level)
        .text("node_id", a -> a.nodeId)
        .text("building", a -> a.building)
        .text("room_type", a -> a.roomType)
        .time("window_start", a -> a.windowStartMs)
        .integer("sensors_expected", a -> a.sensorsExpected)
        .integer("sensor_minutes", a -> a.sensorMinutes);
    for (EnvFactor f : EnvFactor.values()) {
      int i = f.ordinal();
      table = table
          .numberOrNull(f.column + "_avg_" + f.unit, a -> a.avg[i])
          .numberOrNull(f.column + "_min_" + f.unit, a -> a.min[i])
          .numberOrNull(f.column + "_max_" + f.unit, a -> a.max[i])
          .integer(f.column + "_minutes_out", a -> a.minutesOut[i]);
    }
    return table
        .integer("minutes_out", a -> a.minutesOutAny)
        .bigint("version", a -> RowVersion.of(a.sensorMinutes, 1));
  }
}
