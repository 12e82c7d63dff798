package io.wattward.jobs.common;

import static io.wattward.connectors.clickhouse.ClickHouseTime.utc;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseSink;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A ClickHouse table a job writes, declared column by column: each column's name beside the value of a row
 * it takes, so no statement index can drift from its column. The one way jobs make their ClickHouse sinks
 * ({@link #sink}: batched, flushed on every checkpoint, waiting out outages). Every table is a
 * ReplacingMergeTree keyed by the row's identity, so rows written again after a restart replace the earlier
 * ones.
 */
public final class ClickHouseTable<T> implements Serializable {

  /** A column's value of a row. */
  public interface Value<T, V> extends Serializable {
    V of(T row);
  }

  /** A column's number of a row. */
  public interface Number<T> extends Serializable {
    double of(T row);
  }

  /** A column's whole number of a row (also epoch milliseconds, milli-units). */
  public interface Whole<T> extends Serializable {
    long of(T row);
  }

  private interface Column<T> extends Serializable {
    void bind(PreparedStatement ps, int index, T row) throws SQLException;
  }

  private final String name;
  private final List<String> columns;
  private final List<Column<T>> values;

  private ClickHouseTable(String name, List<String> columns, List<Column<T>> values) {
    this.name = name;
    this.columns = columns;
    this.values = values;
  }

  /** A table with no columns yet. */
  public static <T> ClickHouseTable<T> named(String name) {
    return new ClickHouseTable<>(name, List.of(), List.of());
  }

  private ClickHouseTable<T> with(String column, Column<T> value) {
    List<String> c = new ArrayList<>(columns);
    c.add(column);
    List<Column<T>> v = new ArrayList<>(values);
    v.add(value);
    return new ClickHouseTable<>(name, List.copyOf(c), List.copyOf(v));
  }

  public ClickHouseTable<T> text(String column, Value<T, String> value) {
    return with(column, (ps, i, row) -> ps.setString(i, value.of(row)));
  }

  /** A DateTime column from epoch milliseconds (UTC). */
  public ClickHouseTable<T> time(String column, Whole<T> epochMs) {
    return with(column, (ps, i, row) -> ps.setString(i, utc(epochMs.of(row))));
  }

  /** A Nullable(DateTime) column from epoch milliseconds, null for none. */
  public ClickHouseTable<T> timeOrNull(String column, Value<T, Long> epochMs) {
    return with(column, (ps, i, row) -> {
      Long ms = epochMs.of(row);
      if (ms == null) {
        ps.setNull(i, Types.TIMESTAMP);
      } else {
        ps.setString(i, utc(ms));
      }
    });
  }

  public ClickHouseTable<T> integer(String column, Whole<T> value) {
    return with(column, (ps, i, row) -> ps.setInt(i, Math.toIntExact(value.of(row))));
  }

  public ClickHouseTable<T> bigint(String column, Whole<T> value) {
    return with(column, (ps, i, row) -> ps.setLong(i, value.of(row)));
  }

  public ClickHouseTable<T> number(String column, Number<T> value) {
    return with(column, (ps, i, row) -> ps.setDouble(i, value.of(row)));
  }

  /** A Nullable(Float64) column: NaN is NULL. */
  public ClickHouseTable<T> numberOrNull(String column, Number<T> value) {
    return with(column, (ps, i, row) -> {
      double v = value.of(row);
      if (Double.isNaN(v)) {
        ps.setNull(i, Types.DOUBLE);
      } else {
        ps.setDouble(i, v);
      }
    });
  }

  /** A Decimal(_, 3) column from exact milli-units. */
  public ClickHouseTable<T> milli(String column, Whole<T> milliUnits) {
    return with(column, (ps, i, row) -> ps.setBigDecimal(i, BigDecimal.valueOf(milliUnits.of(row), 3)));
  }

  public String name() {
    return name;
  }

  public List<String> columns() {
    return columns;
  }

  /** Binds a row to an {@code INSERT INTO name (columns...)} statement. */
  public ClickHouseSink.Binder<T> binder() {
    List<Column<T>> bound = values;
    return (ps, row) -> {
      for (int i = 0; i < bound.size(); i++) {
        bound.get(i).bind(ps, i + 1, row);
      }
    };
  }

  /** The sink into this table of the configured database, as the configured writer. */
  public ClickHouseSink<T> sink(WattwardConfig config) {
    return new ClickHouseSink<>(config.clickhouse().endpoint(), name, columns, binder(),
        config.pipeline().sinkSettings());
  }
}
