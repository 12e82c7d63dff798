package io.wattward.jobs.rollup;

import io.wattward.normalize.HistoryChunk;
import io.wattward.normalize.LedgerReading;
import io.wattward.normalize.MeterLedgerCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializers of the parts of the normaliser's per-meter state other than "now" (see
 * {@link io.wattward.normalize.SplitLedger}), in {@link MeterLedgerCodec}'s compact format, each value led by its
 * format's version. On the heap the parts stay objects (nothing is encoded until a checkpoint); on RocksDB each
 * is encoded when written.
 */
final class LedgerPartSerializers {

  private LedgerPartSerializers() {}

  /** What the two serializers share: copies and the stream-to-stream copy go through the encoding. */
  private abstract static class Part<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

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

    abstract void write(T value, java.io.DataOutput out) throws IOException;

    abstract T read(java.io.DataInput in) throws IOException;
  }

  /** A reading waiting for the watermark, with its source. */
  static final class WaitingReadings extends Part<LedgerReading> {
    private static final long serialVersionUID = 1L;
    static final WaitingReadings INSTANCE = new WaitingReadings();

    @Override
    public LedgerReading createInstance() {
      return new LedgerReading();
    }

    @Override
    void write(LedgerReading value, java.io.DataOutput out) throws IOException {
      MeterLedgerCodec.writeWaiting(value, out);
    }

    @Override
    LedgerReading read(java.io.DataInput in) throws IOException {
      return MeterLedgerCodec.readWaiting(in);
    }

    @Override
    public TypeSerializerSnapshot<LedgerReading> snapshotConfiguration() {
      return new Snapshot();
    }

    /** Stateless: the format's version is in every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LedgerReading> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }

  /** A chunk of a meter's history. */
  static final class HistoryChunks extends Part<HistoryChunk> {
    private static final long serialVersionUID = 1L;
    static final HistoryChunks INSTANCE = new HistoryChunks();

    @Override
    public HistoryChunk createInstance() {
      return new HistoryChunk(new java.util.ArrayList<>(), new java.util.ArrayList<>());
    }

    @Override
    void write(HistoryChunk value, java.io.DataOutput out) throws IOException {
      MeterLedgerCodec.writeChunk(value, out);
    }

    @Override
    HistoryChunk read(java.io.DataInput in) throws IOException {
      return MeterLedgerCodec.readChunk(in);
    }

    @Override
    public TypeSerializerSnapshot<HistoryChunk> snapshotConfiguration() {
      return new Snapshot();
    }

    /** Stateless: the format's version is in every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HistoryChunk> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
