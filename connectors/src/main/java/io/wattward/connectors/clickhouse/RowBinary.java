package io.wattward.connectors.clickhouse;

import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.yandex.clickhouse.util.ClickHouseRowBinaryStream;

/**
 * Values in ClickHouse's RowBinary format, each written as the column's type on the server asks (as
 * {@code system.columns} names it): a whole number as UInt8 or Int64, an instant as DateTime's seconds or
 * Date's days, milli-units as a Decimal of any precision and scale of at least 3. The sinks encode a batch
 * once and send its bytes, so no value is formatted as text and parsed back.
 *
 * <p>A value a column cannot take (a null where the column is not Nullable, a number out of the column's
 * range, a type this class does not write) is an {@link IllegalArgumentException} naming the column: the
 * same row would fail again, so the sink stops and says so instead of retrying.
 */
public final class RowBinary {

  private static final Pattern DECIMAL = Pattern.compile("Decimal\\((\\d+),\\s*(\\d+)\\)");
  private static final Pattern DECIMAL_N = Pattern.compile("Decimal(32|64|128)\\((\\d+)\\)");
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private RowBinary() {}

  /** Writes a value that may be null (NULL where the column is Nullable). */
  public interface Field<V> extends Serializable {
    void write(ClickHouseRowBinaryStream out, V value) throws IOException;
  }

  /** Writes a whole number. */
  public interface Whole extends Serializable {
    void write(ClickHouseRowBinaryStream out, long value) throws IOException;
  }

  /** Writes a number; NaN is NULL where the column is Nullable. */
  public interface Number extends Serializable {
    void write(ClickHouseRowBinaryStream out, double value) throws IOException;
  }

  /** A text value for a String (or Date, as yyyy-MM-dd) column. */
  public static Field<String> text(String column, String type) {
    String t = inner(type);
    if (t.equals("String")) {
      return orNull(column, type, ClickHouseRowBinaryStream::writeString);
    }
    if (t.equals("Date")) {
      return orNull(column, type, (out, v) -> out.writeUInt16((int) LocalDate.parse(v).toEpochDay()));
    }
    throw unsupported(column, type, "text");
  }

  /** A whole number for an integer or floating-point column. */
  public static Whole whole(String column, String type) {
    return present(type, plainWhole(column, type, "a whole number"));
  }

  /** An instant in epoch milliseconds for a DateTime column (whole seconds) or a Date column (UTC days). */
  public static Whole time(String column, String type) {
    return present(type, plainTime(column, type));
  }

  /** An instant in epoch milliseconds or null, for a Nullable DateTime or Date column. */
  public static Field<Long> timeOrNull(String column, String type) {
    Whole plain = plainTime(column, type);
    return orNull(column, type, plain::write);
  }

  /** Milli-units (an exact value with 3 decimals) for a Decimal column of scale 3 or more. */
  public static Whole milli(String column, String type) {
    String t = inner(type);
    int precision;
    int scale;
    Matcher m = DECIMAL.matcher(t);
    Matcher n = DECIMAL_N.matcher(t);
    if (m.matches()) {
      precision = Integer.parseInt(m.group(1));
      scale = Integer.parseInt(m.group(2));
    } else if (n.matches()) {
      precision = switch (n.group(1)) {
        case "32" -> 9;
        case "64" -> 18;
        default -> 38;
      };
      scale = Integer.parseInt(n.group(2));
    } else {
      throw unsupported(column, type, "milli-units");
    }
    if (scale < 3 || scale > 18) {
      throw unsupported(column, type, "milli-units (3 decimals)");
    }
    long factor = 1;
    for (int i = 3; i < scale; i++) {
      factor *= 10;
    }
    long f = factor;
    Whole plain;
    if (precision <= 9) {
      plain = (out, v) -> out.writeInt32(Math.toIntExact(inRange(column, type, Math.multiplyExact(v, f), Integer.MIN_VALUE,
          Integer.MAX_VALUE)));
    } else if (precision <= 18) {
      plain = (out, v) -> out.writeInt64(Math.multiplyExact(v, f));
    } else {
      plain = (out, v) -> {
        long unscaled = Math.multiplyExact(v, f);
        out.writeInt64(unscaled); // Decimal128: 16 bytes little-endian, the high half the sign
        out.writeInt64(unscaled < 0 ? -1L : 0L);
      };
    }
    return present(type, plain);
  }

  /**
   * A number for a Float64 or Float32 column; with {@code nanIsNull}, NaN is NULL where the column is Nullable
   * (else NaN is written as NaN).
   */
  public static Number number(String column, String type, boolean nanIsNull) {
    boolean nullable = isNullable(type);
    String t = inner(type);
    Number plain = switch (t) {
      case "Float64" -> ClickHouseRowBinaryStream::writeFloat64;
      case "Float32" -> (out, v) -> out.writeFloat32((float) v);
      default -> throw unsupported(column, type, "a number");
    };
    if (!nullable) {
      return plain;
    }
    return (out, v) -> {
      if (nanIsNull && Double.isNaN(v)) {
        out.writeByte((byte) 1);
        return;
      }
      out.writeByte((byte) 0);
      plain.write(out, v);
    };
  }

  /** A value that is never null: in a Nullable column, the "present" byte first. */
  private static Whole present(String type, Whole plain) {
    return isNullable(type) ? (out, v) -> {
      out.writeByte((byte) 0);
      plain.write(out, v);
    } : plain;
  }

  /** A value that may be null: NULL in a Nullable column, refused in any other. */
  private static <V> Field<V> orNull(String column, String type, Field<V> plain) {
    boolean nullable = isNullable(type);
    return (out, v) -> {
      if (v == null) {
        if (!nullable) {
          throw new IllegalArgumentException("column " + column + " (" + type + ") cannot take NULL");
        }
        out.writeByte((byte) 1);
        return;
      }
      if (nullable) {
        out.writeByte((byte) 0);
      }
      plain.write(out, v);
    };
  }

  private static Whole plainWhole(String column, String type, String what) {
    String t = inner(type);
    return switch (t) {
      case "UInt8" -> (out, v) -> out.writeUInt8((int) inRange(column, type, v, 0, 255));
      case "UInt16" -> (out, v) -> out.writeUInt16((int) inRange(column, type, v, 0, 65_535));
      case "UInt32" -> (out, v) -> out.writeUInt32(inRange(column, type, v, 0, 4_294_967_295L));
      case "UInt64" -> (out, v) -> out.writeInt64(inRange(column, type, v, 0, Long.MAX_VALUE));
      case "Int8" -> (out, v) -> out.writeInt8((int) inRange(column, type, v, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case "Int16" -> (out, v) -> out.writeInt16((int) inRange(column, type, v, Short.MIN_VALUE, Short.MAX_VALUE));
      case "Int32" -> (out, v) -> out.writeInt32((int) inRange(column, type, v, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case "Int64" -> ClickHouseRowBinaryStream::writeInt64;
      case "Float64" -> (out, v) -> out.writeFloat64(v);
      case "Float32" -> (out, v) -> out.writeFloat32(v);
      default -> throw unsupported(column, type, what);
    };
  }

  private static Whole plainTime(String column, String type) {
    String t = inner(type);
    if (t.equals("DateTime") || t.startsWith("DateTime(")) {
      return (out, ms) -> out.writeUInt32(inRange(column, type, Math.floorDiv(ms, 1000L), 0, 4_294_967_295L));
    }
    if (t.equals("Date")) {
      return (out, ms) -> out.writeUInt16((int) inRange(column, type, Math.floorDiv(ms, MILLIS_PER_DAY), 0, 65_535));
    }
    throw unsupported(column, type, "an instant");
  }

  private static long inRange(String column, String type, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException("column " + column + " (" + type + ") cannot take " + v);
    }
    return v;
  }

  static boolean isNullable(String type) {
    String t = type.trim();
    while (t.startsWith("LowCardinality(") && t.endsWith(")")) {
      t = t.substring("LowCardinality(".length(), t.length() - 1).trim();
    }
    return t.startsWith("Nullable(") && t.endsWith(")");
  }

  /** The type without Nullable(...) and LowCardinality(...) (both written as the inner type in RowBinary). */
  static String inner(String type) {
    String t = type.trim();
    while (true) {
      if (t.startsWith("Nullable(") && t.endsWith(")")) {
        t = t.substring("Nullable(".length(), t.length() - 1).trim();
      } else if (t.startsWith("LowCardinality(") && t.endsWith(")")) {
        t = t.substring("LowCardinality(".length(), t.length() - 1).trim();
      } else {
        return t;
      }
    }
  }

  private static IllegalArgumentException unsupported(String column, String type, String what) {
    return new IllegalArgumentException(String.format(Locale.ROOT,
        "column %s is %s in ClickHouse, where this build writes %s: the table differs from this build; run "
            + "`wattward migrate`", column, type, what));
  }
}
