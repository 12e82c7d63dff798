package io.wattward.jobs.common;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseSink;
import io.wattward.connectors.clickhouse.RowBinary;
import java.io.Serializable;
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

  /** A column's writer of a row's value, for the column's type on the server. */
  private interface Column<T> extends Serializable {
    ClickHouseSink.RowWriter<T> writer(String column, String type);
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
    return with(column, (name, type) -> {
      RowBinary.Field<String> t = RowBinary.text(name, type);
      return (out, row) -> t.write(out, value.of(row));
    });
  }

  /** A DateTime column from epoch milliseconds (UTC). */
  public ClickHouseTable<T> time(String column, Whole<T> epochMs) {
    return with(column, (name, type) -> {
      RowBinary.Whole t = RowBinary.time(name, type);
      return (out, row) -> t.write(out, epochMs.of(row));
    });
  }

  /** A Nullable(DateTime) column from epoch milliseconds, null for none. */
  public ClickHouseTable<T> timeOrNull(String column, Value<T, Long> epochMs) {
    return with(column, (name, type) -> {
      RowBinary.Field<Long> t = RowBinary.timeOrNull(name, type);
      return (out, row) -> t.write(out, epochMs.of(row));
    });
  }

  /** A whole number column of any integer type (also a Float column). */
  public ClickHouseTable<T> integer(String column, Whole<T> value) {
    return whole(column, value);
  }

  public ClickHouseTable<T> bigint(String column, Whole<T> value) {
    return whole(column, value);
  }

  private ClickHouseTable<T> whole(String column, Whole<T> value) {
    return with(column, (name, type) -> {
      RowBinary.Whole t = RowBinary.whole(name, type);
      return (out, row) -> t.write(out, value.of(row));
    });
  }

  public ClickHouseTable<T> number(String column, Number<T> value) {
    return with(column, (name, type) -> {
      RowBinary.Number t = RowBinary.number(name, type, false);
      return (out, row) -> t.write(out, value.of(row));
    });
  }

  /** A Nullable(Float64) column: NaN is NULL. */
  public ClickHouseTable<T> numberOrNull(String column, Number<T> value) {
    return with(column, (name, type) -> {
      RowBinary.Number t = RowBinary.number(name, type, true);
      return (out, row) -> t.write(out, value.of(row));
    });
  }

  /** A Decimal(_, 3) column from exact milli-units. */
  public ClickHouseTable<T> milli(String column, Whole<T> milliUnits) {
    return with(column, (name, type) -> {
      RowBinary.Whole t = RowBinary.milli(name, type);
      return (out, row) -> t.write(out, milliUnits.of(row));
    });
  }

  public String name() {
    return name;
  }

  public List<String> columns() {
    return columns;
  }

  /** Writes a row's values in RowBinary as the table's column types (in {@link #columns}'s order) ask. */
  public ClickHouseSink.RowEncoder<T> encoder() {
    List<String> names = columns;
    List<Column<T>> bound = values;
    return types -> {
      if (types.size() != names.size()) {
        throw new IllegalArgumentException(names.size() + " columns and " + types.size() + " types");
      }
      List<ClickHouseSink.RowWriter<T>> writers = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        writers.add(bound.get(i).writer(names.get(i), types.get(i)));
      }
      return (out, row) -> {
        for (ClickHouseSink.RowWriter<T> w : writers) {
          w.write(out, row);
        }
      };
    };
  }

  /** The sink into this table of the configured database, as the configured writer. */
  public ClickHouseSink<T> sink(WattwardConfig config) {
    return new ClickHouseSink<>(config.clickhouse().endpoint(), name, columns, encoder(),
        config.pipeline().sinkSettings());
  }
}
