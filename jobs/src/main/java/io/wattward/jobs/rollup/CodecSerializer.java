package io.wattward.jobs.rollup;

import io.wattward.normalize.MeterLedgerCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer of a mutable value of the normaliser's state that has a compact format of its own
 * ({@link MeterLedgerCodec}): a copy goes through the encoding, so what the heap backend copies is what RocksDB
 * would give back. Subclasses give the format and the snapshot.
 */
abstract class CodecSerializer<T> extends TypeSerializerSingleton<T> {
  private static final long serialVersionUID = 1L;

  protected abstract void write(T value, DataOutput out) throws IOException;

  protected abstract T read(DataInput in) throws IOException;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public T copy(T from) {
    return from == null ? null : MeterLedgerCodec.copy(from, this::write, this::read);
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    write(read(source), target);
  }
}
