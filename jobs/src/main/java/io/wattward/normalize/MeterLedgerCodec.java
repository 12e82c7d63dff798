package io.wattward.normalize;

import io.wattward.codec.CompactBytes;
import io.wattward.schema.ValueKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compact binary form of one meter's {@link MeterLedgerState}, for the state backend: times and register
 * values as variable-length deltas (an hour of applied readings a minute apart takes about 5 bytes each
 * instead of a POJO's 18 and its field flags), minutes as deltas of their start, the last reading's strings
 * once. On RocksDB the whole value is read and written for every reading of the meter, so its size and the
 * cost of (de)coding it are the normaliser's cost per reading there. Pure; no Flink.
 *
 * <p>Format version 1: pending readings (whole, with their source), applied points, the last reading (without
 * source), open minutes, then the open minute, the spike streak and the next pruning time.
 */
public final class MeterLedgerCodec {

  /** The format this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** The format of the history chunks this build writes and reads. */
  static final int HISTORY_FORMAT = 1;

  /** The format of a waiting reading this build writes and reads. */
  static final int WAITING_FORMAT = 1;

  private MeterLedgerCodec() {}

  public static void write(MeterLedgerState s, DataOutput out) throws IOException {
    CompactBytes b = encode(s);
    out.write(b.bytes, 0, b.size);
  }

  /**
   * The encoding in a byte array, written to the output in one call: the state backends' outputs check their
   * bounds on every byte written, and a ledger is some thousand bytes written for every reading on RocksDB.
   */
  private static CompactBytes encode(MeterLedgerState s) {
    CompactBytes out = new CompactBytes();
    out.varLong(s.pending.size());
    for (LedgerReading r : s.pending) {
      writeReading(r, out, true);
    }
    writePoints(s.applied, out);
    out.add(s.last != null ? 1 : 0);
    if (s.last != null) {
      writeReading(s.last, out, false);
    }
    writeMinutes(s.minutes, out);
    out.signed(s.openMinuteMs);
    out.varLong(s.spikes);
    out.signed(s.nextPruneMs);
    return out;
  }

  public static MeterLedgerState read(DataInput in) throws IOException {
    MeterLedgerState s = new MeterLedgerState();
    int pending = count(in);
    s.pending = new ArrayList<>(pending);
    for (int i = 0; i < pending; i++) {
      s.pending.add(readReading(in, true));
    }
    s.applied = readPoints(in);
    s.last = in.readBoolean() ? readReading(in, false) : null;
    s.minutes = readMinutes(in);
    s.openMinuteMs = CompactBytes.readSigned(in);
    s.spikes = (int) CompactBytes.readVarLong(in);
    s.nextPruneMs = CompactBytes.readSigned(in);
    return s;
  }

  /** A chunk of a meter's history, after a byte giving the chunk's format; points and minutes as in a whole ledger. */
  public static void writeChunk(HistoryChunk chunk, DataOutput out) throws IOException {
    CompactBytes b = new CompactBytes(8 + 12 * chunk.points.size() + 20 * chunk.minutes.size());
    b.add(HISTORY_FORMAT);
    writePoints(chunk.points, b);
    writeMinutes(chunk.minutes, b);
    out.write(b.bytes, 0, b.size);
  }

  /** Reads what {@link #writeChunk} wrote. */
  public static HistoryChunk readChunk(DataInput in) throws IOException {
    format(in, HISTORY_FORMAT, "history chunk");
    return new HistoryChunk(readPoints(in), readMinutes(in));
  }

  /** One reading with its source, as a reading waiting for the watermark is kept (see {@link SplitLedger}). */
  public static void writeWaiting(LedgerReading r, DataOutput out) throws IOException {
    CompactBytes b = new CompactBytes(64 + (r.original == null ? 0 : r.original.length));
    b.add(WAITING_FORMAT);
    writeReading(r, b, true);
    out.write(b.bytes, 0, b.size);
  }

  /** Reads what {@link #writeWaiting} wrote. */
  public static LedgerReading readWaiting(DataInput in) throws IOException {
    format(in, WAITING_FORMAT, "waiting reading");
    return readReading(in, true);
  }

  /** Reads a part's leading format byte; one this build does not read is refused with the way out. */
  private static void format(DataInput in, int expected, String part) throws IOException {
    int format = in.readByte();
    if (format != expected) {
      throw new IOException("a meter's " + part + " in format " + format + "; this build reads format " + expected
          + ". Start the rollup job with --fresh once to discard it.");
    }
  }

  private static void writePoints(List<RegisterPoint> points, CompactBytes out) {
    out.varLong(points.size());
    long time = 0;
    long value = 0;
    for (RegisterPoint p : points) {
      out.signed(p.timeMs - time);
      out.signed(p.valueMilli - value);
      time = p.timeMs;
      value = p.valueMilli;
    }
  }

  private static List<RegisterPoint> readPoints(DataInput in) throws IOException {
    int n = count(in);
    List<RegisterPoint> points = new ArrayList<>(n);
    long time = 0;
    long value = 0;
    for (int i = 0; i < n; i++) {
      time += CompactBytes.readSigned(in);
      value += CompactBytes.readSigned(in);
      points.add(new RegisterPoint(time, value));
    }
    return points;
  }

  private static void writeMinutes(List<MinuteState> minutes, CompactBytes out) {
    out.varLong(minutes.size());
    long start = 0;
    for (MinuteState m : minutes) {
      out.signed(m.minuteStartMs - start);
      start = m.minuteStartMs;
      out.signed(m.consumptionMilli);
      out.varLong(m.intervals);
      out.varLong(m.estimatedIntervals);
      out.varLong(m.version);
      out.signed(m.writtenConsumptionMilli);
      out.add((m.writtenCounted ? 1 : 0) | (m.dirty ? 2 : 0));
    }
  }

  private static List<MinuteState> readMinutes(DataInput in) throws IOException {
    int n = count(in);
    List<MinuteState> minutes = new ArrayList<>(n);
    long start = 0;
    for (int i = 0; i < n; i++) {
      start += CompactBytes.readSigned(in);
      MinuteState m = new MinuteState(start);
      m.consumptionMilli = CompactBytes.readSigned(in);
      m.intervals = (int) CompactBytes.readVarLong(in);
      m.estimatedIntervals = (int) CompactBytes.readVarLong(in);
      m.version = CompactBytes.readVarLong(in);
      m.writtenConsumptionMilli = CompactBytes.readSigned(in);
      int flags = in.readByte();
      m.writtenCounted = (flags & 1) != 0;
      m.dirty = (flags & 2) != 0;
      minutes.add(m);
    }
    return minutes;
  }

  private static void writeReading(LedgerReading r, CompactBytes out, boolean withSource) {
    out.string(r.meterId);
    out.signed(r.eventTimeMs);
    out.signed(r.valueMilli);
    out.string(r.kind == null ? null : r.kind.name());
    out.string(r.energyType);
    out.string(r.unit);
    out.fixedLong(Double.doubleToLongBits(r.factor)); // as DataOutput.writeDouble: 8 bytes, high first
    out.signed(r.registerCapacityMilli);
    out.signed(r.maxMilliPerHour);
    if (withSource) {
      out.string(r.sourceTopic);
      out.signed(r.sourcePartition);
      out.signed(r.sourceOffset);
      if (r.original == null) {
        out.varLong(0);
      } else {
        out.varLong(r.original.length + 1L);
        out.add(r.original);
      }
    }
  }

  private static LedgerReading readReading(DataInput in, boolean withSource) throws IOException {
    LedgerReading r = new LedgerReading();
    r.meterId = readString(in);
    r.eventTimeMs = CompactBytes.readSigned(in);
    r.valueMilli = CompactBytes.readSigned(in);
    String kind = readString(in);
    r.kind = kind == null ? null : ValueKind.valueOf(kind);
    r.energyType = readString(in);
    r.unit = readString(in);
    r.factor = in.readDouble();
    r.registerCapacityMilli = CompactBytes.readSigned(in);
    r.maxMilliPerHour = CompactBytes.readSigned(in);
    if (withSource) {
      r.sourceTopic = readString(in);
      r.sourcePartition = (int) CompactBytes.readSigned(in);
      r.sourceOffset = CompactBytes.readSigned(in);
      long length = CompactBytes.readVarLong(in);
      if (length > 0) {
        r.original = new byte[(int) (length - 1)];
        in.readFully(r.original);
      }
    }
    return r;
  }

  private static int count(DataInput in) throws IOException {
    long n = CompactBytes.readVarLong(in);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IOException("a meter ledger with " + n + " entries in a list: not a ledger of this format");
    }
    return (int) n;
  }

  private static String readString(DataInput in) throws IOException {
    long length = CompactBytes.readVarLong(in);
    if (length == 0) {
      return null;
    }
    byte[] bytes = new byte[(int) (length - 1)];
    in.readFully(bytes);
    return Strings.of(bytes);
  }

  /**
   * The strings a ledger holds are few and repeat in every meter's state (energy types, units, value kinds, the
   * source topic; meter ids once per meter): a decoded string is taken from a small cache when its bytes are those
   * of one decoded before, instead of a new one each time a meter's state is read. Direct-mapped by the bytes'
   * hash; entries are immutable, so threads may share it without locks (a lost update only costs a miss).
   */
  private static final class Strings {
    private static final int SIZE = 4096;
    private static final int LONGEST = 64;
    private static final Entry[] CACHE = new Entry[SIZE];

    private record Entry(byte[] bytes, String string) {}

    static String of(byte[] bytes) {
      if (bytes.length > LONGEST) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
      int slot = Arrays.hashCode(bytes) & (SIZE - 1);
      Entry e = CACHE[slot];
      if (e != null && Arrays.equals(e.bytes, bytes)) {
        return e.string;
      }
      String string = new String(bytes, StandardCharsets.UTF_8);
      CACHE[slot] = new Entry(bytes, string);
      return string;
    }
  }

  /** A deep copy, through the encoding (what the state backend stores is what comes back). */
  public static MeterLedgerState copy(MeterLedgerState s) {
    return copy(s, MeterLedgerCodec::write, MeterLedgerCodec::read);
  }

  /** Writes a value of a ledger's part. */
  public interface Writer<T> {
    void write(T value, DataOutput out) throws IOException;
  }

  /** Reads a value of a ledger's part. */
  public interface Reader<T> {
    T read(DataInput in) throws IOException;
  }

  /** A deep copy of a ledger's part, through its encoding. */
  public static <T> T copy(T value, Writer<T> writer, Reader<T> reader) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      writer.write(value, new DataOutputStream(bytes));
      return reader.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
