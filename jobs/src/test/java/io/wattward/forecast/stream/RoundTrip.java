package io.wattward.forecast.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;

/** Writes a value in its stored format and reads it back: what a checkpoint and a restore do to it. */
final class RoundTrip {

  interface Writer {
    void write(DataOutput out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInput in) throws IOException;
  }

  private RoundTrip() {}

  static byte[] bytes(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writer.write(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  static <T> T of(Writer writer, Reader<T> reader) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes(writer)));
    T value = reader.read(in);
    if (in.available() != 0) {
      throw new AssertionError(in.available() + " bytes left unread");
    }
    return value;
  }
}
