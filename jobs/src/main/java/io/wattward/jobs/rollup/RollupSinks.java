package io.wattward.jobs.rollup;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.environment.EnvAggregate;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.RowVersion;
import io.wattward.rollup.WindowSize;
import io.wattward.topology.EnvFactor;
import java.math.BigDecimal;
import static io.wattward.connectors.clickhouse.ClickHouseTime.utc;

import io.wattward.connectors.clickhouse.ClickHouseSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched inserts into the ClickHouse tables of the rollup job ({@link ClickHouseSink}: flushed on every
 * checkpoint, waiting out outages). Every table is a ReplacingMergeTree keyed by the row's identity, so rows
 * written again after a restart from a checkpoint, or corrected by a late reading with a higher
 * version, replace the earlier ones instead of adding up; a row built from less data never replaces one
 * built from more ({@link RowVersion}).
 */
public final class RollupSinks {

  private final ClickHouseEndpoint endpoint;
  private final ClickHouseSink.Settings settings;

  public RollupSinks(ClickHouseEndpoint endpoint, ClickHouseSink.Settings settings) {
    this.endpoint = endpoint;
    this.settings = settings;
  }

  public ClickHouseSink<MeterMinute> meterMinutes() {
    return new ClickHouseSink<>(endpoint, "meter_minute",
        List.of("meter_id", "minute_start", "consumption", "unit", "readings", "version", "estimated"), (ps, m) -> {
          ps.setString(1, m.meterId);
          ps.setString(2, utc(m.minuteStartMs));
          ps.setBigDecimal(3, BigDecimal.valueOf(m.consumptionMilli, 3));
          ps.setString(4, m.unit);
          ps.setInt(5, m.readings);
          ps.setLong(6, RowVersion.of(m.readings, m.version));
          ps.setInt(7, m.estimated ? 1 : 0);
        }, settings);
  }

  public ClickHouseSink<NodeAggregate> nodeEnergy(WindowSize size) {
    return new ClickHouseSink<>(endpoint, "node_energy_" + size.suffix, List.of("hierarchy", "node_level", "node_id",
        "building", "energy_type", "sub_item_code", "window_start", "consumption", "unit", "peak_demand_kw",
        "meters_expected", "meter_minutes", "coverage_pct", "tce_kg", "co2_kg", "cost_cny", "version"),
        (ps, a) -> {
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
        }, settings);
  }

  /** Rows of env_1m/15m/1h/1d: node, window, then avg/min/max/minutes out per factor. */
  public ClickHouseSink<EnvAggregate> envWindows(WindowSize size) {
    List<String> columns = new ArrayList<>(List.of("node_level", "node_id", "building", "room_type", "window_start",
        "sensors_expected", "sensor_minutes"));
    for (EnvFactor f : EnvFactor.values()) {
      columns.addAll(List.of(f.column + "_avg_" + f.unit, f.column + "_min_" + f.unit, f.column + "_max_" + f.unit,
          f.column + "_minutes_out"));
    }
    columns.addAll(List.of("minutes_out", "version"));
    return new ClickHouseSink<>(endpoint, "env_" + size.suffix, columns, (ps, a) -> {
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
    }, settings);
  }

  private static void nullable(java.sql.PreparedStatement ps, int index, double v) throws java.sql.SQLException {
    if (Double.isNaN(v)) {
      ps.setNull(index, java.sql.Types.DOUBLE);
    } else {
      ps.setDouble(index, v);
    }
  }

  public ClickHouseSink<MeterEvent> meterEvents() {
    return new ClickHouseSink<>(endpoint, "meter_events",
        List.of("meter_id", "event_time", "kind", "detail", "value_before", "value_after", "gap_minutes"), (ps, e) -> {
          ps.setString(1, e.meterId);
          ps.setString(2, utc(e.eventTimeMs));
          ps.setString(3, e.kind.name());
          ps.setString(4, e.detail);
          ps.setDouble(5, e.valueBefore);
          ps.setDouble(6, e.valueAfter);
          ps.setLong(7, e.gapMinutes);
        }, settings);
  }
}
