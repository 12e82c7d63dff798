package io.wattward.jobs.rollup;

import static io.wattward.connectors.clickhouse.ClickHouseTime.utc;
import static io.wattward.jobs.common.ClickHouseTable.nullable;

import io.wattward.environment.EnvAggregate;
import io.wattward.jobs.common.ClickHouseTable;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.RowVersion;
import io.wattward.rollup.WindowSize;
import io.wattward.topology.EnvFactor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The ClickHouse tables of the rollup job and how its rows bind to them. A row written again after a
 * restart, or corrected by a late reading with a higher version, replaces the earlier one; a row built from
 * less data never replaces one built from more ({@link RowVersion}).
 */
final class RollupTables {
  private RollupTables() {}

  static final ClickHouseTable<MeterMinute> METER_MINUTE = ClickHouseTable.of("meter_minute",
      "meter_id, minute_start, consumption, unit, readings, version, estimated", (ps, m) -> {
        ps.setString(1, m.meterId);
        ps.setString(2, utc(m.minuteStartMs));
        ps.setBigDecimal(3, BigDecimal.valueOf(m.consumptionMilli, 3));
        ps.setString(4, m.unit);
        ps.setInt(5, m.readings);
        ps.setLong(6, RowVersion.of(m.readings, m.version));
        ps.setInt(7, m.estimated ? 1 : 0);
      });

  static final ClickHouseTable<MeterEvent> METER_EVENTS = ClickHouseTable.of("meter_events",
      "meter_id, event_time, kind, detail, value_before, value_after, gap_minutes", (ps, e) -> {
        ps.setString(1, e.meterId);
        ps.setString(2, utc(e.eventTimeMs));
        ps.setString(3, e.kind.name());
        ps.setString(4, e.detail);
        ps.setDouble(5, e.valueBefore);
        ps.setDouble(6, e.valueAfter);
        ps.setLong(7, e.gapMinutes);
      });

  static ClickHouseTable<NodeAggregate> nodeEnergy(WindowSize size) {
    return ClickHouseTable.of("node_energy_" + size.suffix, "hierarchy, node_level, node_id, building, energy_type, "
        + "sub_item_code, window_start, consumption, unit, peak_demand_kw, meters_expected, meter_minutes, "
        + "coverage_pct, tce_kg, co2_kg, cost_cny, version", (ps, a) -> {
          ps.setString(1, a.hierarchy);
          ps.setString(2, a.level);
          ps.setString(3, a.nodeId);
          ps.setString(4, a.building);
          ps.setString(5, a.energyType);
          ps.setString(6, a.subItem);
          ps.setString(7, utc(a.windowStartMs));
          ps.setBigDecimal(8, BigDecimal.valueOf(a.consumptionMilli, 3));
          ps.setString(9, a.unit);
          ps.setDouble(10, a.peakDemandKw);
          ps.setInt(11, a.metersExpected);
          ps.setInt(12, a.meterMinutes);
          ps.setDouble(13, a.coveragePct);
          ps.setDouble(14, a.tceKg);
          ps.setDouble(15, a.co2Kg);
          ps.setDouble(16, a.cost);
          ps.setLong(17, RowVersion.of(a.meterMinutes, a.version));
        });
  }

  /** Rows of env_1m/15m/1h/1d: node, window, then avg/min/max/minutes out per factor. */
  static ClickHouseTable<EnvAggregate> envWindows(WindowSize size) {
    List<String> columns = new ArrayList<>(List.of("node_level", "node_id", "building", "room_type", "window_start",
        "sensors_expected", "sensor_minutes"));
    for (EnvFactor f : EnvFactor.values()) {
      columns.addAll(List.of(f.column + "_avg_" + f.unit, f.column + "_min_" + f.unit, f.column + "_max_" + f.unit,
          f.column + "_minutes_out"));
    }
    columns.addAll(List.of("minutes_out", "version"));
    return new ClickHouseTable<>("env_" + size.suffix, columns, (ps, a) -> {
      ps.setString(1, a.level);
      ps.setString(2, a.nodeId);
      ps.setString(3, a.building);
      ps.setString(4, a.roomType);
      ps.setString(5, utc(a.windowStartMs));
      ps.setInt(6, a.sensorsExpected);
      ps.setInt(7, a.sensorMinutes);
      int i = 8;
      for (EnvFactor f : EnvFactor.values()) {
        nullable(ps, i++, a.avg[f.ordinal()]);
        nullable(ps, i++, a.min[f.ordinal()]);
        nullable(ps, i++, a.max[f.ordinal()]);
        ps.setInt(i++, a.minutesOut[f.ordinal()]);
      }
      ps.setInt(i++, a.minutesOutAny);
      ps.setLong(i, RowVersion.of(a.sensorMinutes, 1));
    });
  }
}
