package io.wattward.rollup;

import io.wattward.codec.CompactBytes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A compact binary form of a node's {@link EnergyWindows}, for the state backend. The windows in ascending order of
 * their key ({@link WindowLifecycle#key}), each key as the difference from the one before; consumption, counts and
 * version as variable-length numbers; the cost as a double. About 15-25 bytes a window, where a map state entry per
 * window took the node's key (a string of 19-75 characters) and the window's key again in every entry on
 * RocksDB, and a POJO's field flags on both backends. Pure; no Flink.
 *
 * <p>Format version 1: the window count, the windows, the count of marked keys, the marked keys.
 */
public final class EnergyWindowsCodec {

  /** The format this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private EnergyWindowsCodec() {}

  public static void write(EnergyWindows w, DataOutput out) throws IOException {
    CompactBytes b = new CompactBytes(16 + 24 * w.size());
    b.varLong(FORMAT_VERSION);
    b.varLong(w.size());
    long previous = 0;
    for (int i = 0; i < w.size; i++) {
      b.signed(w.keys[i] - previous);
      previous = w.keys[i];
      b.signed(w.consumptionMilli[i]);
      b.varLong(w.meterMinutes[i]);
      b.varLong(w.metersExpected[i]);
      b.fixedLong(Double.doubleToRawLongBits(w.cost[i]));
      b.varLong(w.version[i]);
    }
    b.varLong(w.marked().size());
    previous = 0;
    for (long key : w.marked()) {
      b.signed(key - previous);
      previous = key;
    }
    out.write(b.bytes, 0, b.size);
  }

  public static EnergyWindows read(DataInput in) throws IOException {
    long format = CompactBytes.readVarLong(in);
    if (format != FORMAT_VERSION) {
      throw new IOException("node windows of format " + format + "; this build reads format " + FORMAT_VERSION);
    }
    int n = count(in);
    EnergyWindows w = new EnergyWindows(n + 8);
    long key = 0;
    for (int i = 0; i < n; i++) {
      key += CompactBytes.readSigned(in);
      if (i > 0 && key <= w.keys[i - 1]) {
        throw new IOException("node windows out of order: not a value of this format");
      }
      w.keys[i] = key;
      w.consumptionMilli[i] = CompactBytes.readSigned(in);
      w.meterMinutes[i] = (int) CompactBytes.readVarLong(in);
      w.metersExpected[i] = (int) CompactBytes.readVarLong(in);
      w.cost[i] = Double.longBitsToDouble(in.readLong());
      w.version[i] = CompactBytes.readVarLong(in);
      w.size = i + 1;
    }
    int marked = count(in);
    key = 0;
    for (int i = 0; i < marked; i++) {
      key += CompactBytes.readSigned(in);
      w.markRewrite(key);
    }
    return w;
  }

  private static int count(DataInput in) throws IOException {
    long n = CompactBytes.readVarLong(in);
    if (n > 1_000_000) {
      throw new IOException("a count of " + n + " windows: not node windows of this format");
    }
    return (int) n;
  }
}
