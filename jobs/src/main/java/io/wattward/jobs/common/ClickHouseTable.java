package io.wattward.jobs.common;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseSink;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * A ClickHouse table a job writes: its name, the columns it fills and how a row binds to them. The one
 * way jobs make their ClickHouse sinks ({@link #sink}: batched, flushed on every checkpoint, waiting out
 * outages). Every table is a ReplacingMergeTree keyed by the row's identity, so rows written again after a
 * restart replace the earlier ones.
 */
public record ClickHouseTable<T>(String name, List<String> columns, ClickHouseSink.Binder<T> binder)
    implements Serializable {

  public ClickHouseTable {
    columns = List.copyOf(columns);
  }

  /** A table whose columns are given as one comma-separated list, in binding order. */
  public static <T> ClickHouseTable<T> of(String name, String columns, ClickHouseSink.Binder<T> binder) {
    return new ClickHouseTable<>(name, List.of(columns.strip().split("\\s*,\\s*")), binder);
  }

  /** The sink into this table of the configured database, as the configured writer. */
  public ClickHouseSink<T> sink(WattwardConfig config) {
    return new ClickHouseSink<>(config.clickhouse().endpoint(), name, columns, binder,
        config.pipeline().sinkSettings());
  }

  /** Binds a double, NaN as NULL. */
  public static void nullable(PreparedStatement ps, int index, double v) throws SQLException {
    if (Double.isNaN(v)) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, v);
    }
  }
}
