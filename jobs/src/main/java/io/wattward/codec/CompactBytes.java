package io.wattward.codec;

import java.io.DataInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array with the primitives of the state's compact encodings (variable-length and zig-zag
 * numbers, strings with their length), and the readers of those numbers. Written to a state backend's output in
 * one call: those outputs check their bounds on every byte written. Pure; no Flink.
 */
public final class CompactBytes {

  public byte[] bytes;
  public int size;

  public CompactBytes() {
    this(512);
  }

  public CompactBytes(int capacity) {
    bytes = new byte[capacity];
  }

  private void room(int n) {
    if (size + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
    }
  }

  public void add(int b) {
    room(1);
    bytes[size++] = (byte) b;
  }

  public void add(byte[] b) {
    room(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  /** 7 bits a byte, lowest first, the high bit saying more follows; {@code v} taken as unsigned. */
  public void varLong(long v) {
    room(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  /** Zig-zag, then as {@link #varLong}: small magnitudes of either sign take few bytes. */
  public void signed(long v) {
    varLong((v << 1) ^ (v >> 63));
  }

  public void fixedLong(long v) {
    room(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  /** Null as 0; else its UTF-8 length plus one, then the bytes. */
  public void string(String s) {
    if (s == null) {
      varLong(0);
      return;
    }
    int n = s.length();
    if (ascii(s, n)) { // the common case, written without an intermediate array
      varLong(n + 1L);
      room(n);
      for (int i = 0; i < n; i++) {
        bytes[size++] = (byte) s.charAt(i);
      }
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    varLong(utf8.length + 1L);
    add(utf8);
  }

  private static boolean ascii(String s, int n) {
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Reads a number written by {@link #signed}. */
  public static long readSigned(DataInput in) throws IOException {
    long z = readVarLong(in);
    return (z >>> 1) ^ -(z & 1);
  }

  /** Reads a number written by {@link #varLong}. */
  public static long readVarLong(DataInput in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("a variable-length number longer than 10 bytes: not a value of this format");
  }
}
