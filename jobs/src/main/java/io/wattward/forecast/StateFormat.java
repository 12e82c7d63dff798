package io.wattward.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The explicit binary formats the forecast job keeps its domain objects in (Flink state, checkpoints):
 * each object's bytes start with its own format version, so a stored object is either read as written or
 * refused by name, never misread. java.io only; the Flink serializers in the job wrap these methods.
 */
public final class StateFormat {

  private StateFormat() {}

  public static void writeVersion(DataOutput out, int version) throws IOException {
    out.writeByte(version);
  }

  /**
   * Reads a leading format version and checks that this build knows it (1 to {@code newest}).
   *
   * @param what the stored type, for the message
   */
  public static int readVersion(DataInput in, String what, int newest) throws IOException {
    int version = in.readUnsignedByte();
    if (version < 1 || version > newest) {
      throw new UnknownStateVersionException(what, version, newest);
    }
    return version;
  }

  public static void writeNullableString(DataOutput out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  public static String readNullableString(DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  public static void writeDoubles(DataOutput out, double[] values) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  /** Reads into {@code into}, which must have the length that was written. */
  public static void readDoubles(DataInput in, double[] into, String what) throws IOException {
    int n = in.readInt();
    if (n != into.length) {
      throw new IOException(what + ": stored " + n + " values where " + into.length + " are expected");
    }
    for (int i = 0; i < n; i++) {
      into[i] = in.readDouble();
    }
  }
}
