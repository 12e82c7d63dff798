package io.wattward.jobs.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * How one domain type is kept in Flink state: its explicit binary format (the domain class's own
 * {@code write}/{@code read}, which start with the type's format version) and the newest format version
 * this build writes. An implementation needs a public no-argument constructor: a checkpoint names it and
 * it is created again on restore.
 */
public interface StateCodec<T> extends Serializable {

  /** The type's format version this build writes (and the newest it reads). */
  int formatVersion();

  void write(T value, DataOutput out) throws IOException;

  T read(DataInput in) throws IOException;
}
