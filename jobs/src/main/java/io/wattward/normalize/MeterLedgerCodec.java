package io.wattward.normalize;

import io.wattward.schema.ValueKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

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

  private MeterLedgerCodec() {}

  public static void write(MeterLedgerState s, DataOutput out) throws IOException {
    writeVarLong(out, s.pending.size());
    for (LedgerReading r : s.pending) {
      writeReading(r, out, true);
    }
    writeVarLong(out, s.applied.size());
    long time = 0;
    long value = 0;
    for (RegisterPoint p : s.applied) {
      writeSigned(out, p.timeMs - time);
      writeSigned(out, p.valueMilli - value);
      time = p.timeMs;
      value = p.valueMilli;
    }
    out.writeBoolean(s.last != null);
    if (s.last != null) {
      writeReading(s.last, out, false);
    }
    writeVarLong(out, s.minutes.size());
    long start = 0;
    for (MinuteState m : s.minutes) {
      writeSigned(out, m.minuteStartMs - start);
      start = m.minuteStartMs;
      writeSigned(out, m.consumptionMilli);
      writeVarLong(out, m.intervals);
      writeVarLong(out, m.estimatedIntervals);
      writeVarLong(out, m.version);
      writeSigned(out, m.writtenConsumptionMilli);
      out.writeByte((m.writtenCounted ? 1 : 0) | (m.dirty ? 2 : 0));
    }
    writeSigned(out, s.openMinuteMs);
    writeVarLong(out, s.spikes);
    writeSigned(out, s.nextPruneMs);
  }

  public static MeterLedgerState read(DataInput in) throws IOException {
    MeterLedgerState s = new MeterLedgerState();
    int pending = count(in);
    s.pending = new ArrayList<>(pending);
    for (int i = 0; i < pending; i++) {
      s.pending.add(readReading(in, true));
    }
    int applied = count(in);
    s.applied = new ArrayList<>(applied);
    long time = 0;
    long value = 0;
    for (int i = 0; i < applied; i++) {
      time += readSigned(in);
      value += readSigned(in);
      s.applied.add(new RegisterPoint(time, value));
    }
    s.last = in.readBoolean() ? readReading(in, false) : null;
    int minutes = count(in);
    s.minutes = new ArrayList<>(minutes);
    long start = 0;
    for (int i = 0; i < minutes; i++) {
      start += readSigned(in);
      MinuteState m = new MinuteState(start);
      m.consumptionMilli = readSigned(in);
      m.intervals = (int) readVarLong(in);
      m.estimatedIntervals = (int) readVarLong(in);
      m.version = readVarLong(in);
      m.writtenConsumptionMilli = readSigned(in);
      int flags = in.readByte();
      m.writtenCounted = (flags & 1) != 0;
      m.dirty = (flags & 2) != 0;
      s.minutes.add(m);
    }
    s.openMinuteMs = readSigned(in);
    s.spikes = (int) readVarLong(in);
    s.nextPruneMs = readSigned(in);
    return s;
  }

  private static void writeReading(LedgerReading r, DataOutput out, boolean withSource) throws IOException {
    writeString(out, r.meterId);
    writeSigned(out, r.eventTimeMs);
    writeSigned(out, r.valueMilli);
    writeString(out, r.kind == null ? null : r.kind.name());
    writeString(out, r.energyType);
    writeString(out, r.unit);
    out.writeDouble(r.factor);
    writeSigned(out, r.registerCapacityMilli);
    writeSigned(out, r.maxMilliPerHour);
    if (withSource) {
      writeString(out, r.sourceTopic);
      writeSigned(out, r.sourcePartition);
      writeSigned(out, r.sourceOffset);
      if (r.original == null) {
        writeVarLong(out, 0);
      } else {
        writeVarLong(out, r.original.length + 1L);
        out.write(r.original);
      }
    }
  }

  private static LedgerReading readReading(DataInput in, boolean withSource) throws IOException {
    LedgerReading r = new LedgerReading();
    r.meterId = readString(in);
    r.eventTimeMs = readSigned(in);
    r.valueMilli = readSigned(in);
    String kind = readString(in);
    r.kind = kind == null ? null : ValueKind.valueOf(kind);
    r.energyType = readString(in);
    r.unit = readString(in);
    r.factor = in.readDouble();
    r.registerCapacityMilli = readSigned(in);
    r.maxMilliPerHour = readSigned(in);
    if (withSource) {
      r.sourceTopic = readString(in);
      r.sourcePartition = (int) readSigned(in);
      r.sourceOffset = readSigned(in);
      long length = readVarLong(in);
      if (length > 0) {
        r.original = new byte[(int) (length - 1)];
        in.readFully(r.original);
      }
    }
    return r;
  }

  private static int count(DataInput in) throws IOException {
    long n = readVarLong(in);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IOException("a meter ledger with " + n + " entries in a list: not a ledger of this format");
    }
    return (int) n;
  }

  private static void writeString(DataOutput out, String s) throws IOException {
    if (s == null) {
      writeVarLong(out, 0);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(out, bytes.length + 1L);
    out.write(bytes);
  }

  private static String readString(DataInput in) throws IOException {
    long length = readVarLong(in);
    if (length == 0) {
      return null;
    }
    byte[] bytes = new byte[(int) (length - 1)];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Zig-zag, then 7 bits a byte: small magnitudes of either sign take few bytes. */
  static void writeSigned(DataOutput out, long v) throws IOException {
    writeVarLong(out, (v << 1) ^ (v >> 63));
  }

  static long readSigned(DataInput in) throws IOException {
    long z = readVarLong(in);
    return (z >>> 1) ^ -(z & 1);
  }

  /** 7 bits a byte, lowest first, the high bit saying more follows; {@code v} taken as unsigned. */
  static void writeVarLong(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long readVarLong(DataInput in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("a variable-length number longer than 10 bytes: not a ledger of this format");
  }

  /** For tests and sizing: the encoded size of {@code s} in bytes. */
  public static int sizeOf(MeterLedgerState s) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      write(s, new java.io.DataOutputStream(bytes));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.size();
  }

  /** A deep copy, through the encoding (what the state backend stores is what comes back). */
  public static MeterLedgerState copy(MeterLedgerState s) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      write(s, new java.io.DataOutputStream(bytes));
      return read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
