package io.wattward.jobs.rollup;

import io.wattward.normalize.HistoryChunk;
import io.wattward.normalize.LedgerReading;
import io.wattward.normalize.MeterLedgerCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink serializers of the parts of the normaliser's per-meter state other than "now" (see
 * {@link io.wattward.normalize.SplitLedger}), in {@link MeterLedgerCodec}'s compact format, each value led by its
 * format's version. On the heap the parts stay objects (nothing is encoded until a checkpoint); on RocksDB each
 * is encoded when written.
 */
final class LedgerPartSerializers {

  private LedgerPartSerializers() {}

  /** A reading waiting for the watermark, with its source. */
  static final class WaitingReadings extends CodecSerializer<LedgerReading> {
    private static final long serialVersionUID = 1L;
    static final WaitingReadings INSTANCE = new WaitingReadings();

    @Override
    public LedgerReading createInstance() {
      return new LedgerReading();
    }

    @Override
    protected void write(LedgerReading value, DataOutput out) throws IOException {
      MeterLedgerCodec.writeWaiting(value, out);
    }

    @Override
    protected LedgerReading read(DataInput in) throws IOException {
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
  static final class HistoryChunks extends CodecSerializer<HistoryChunk> {
    private static final long serialVersionUID = 1L;
    static final HistoryChunks INSTANCE = new HistoryChunks();

    @Override
    public HistoryChunk createInstance() {
      return new HistoryChunk(new ArrayList<>(), new ArrayList<>());
    }

    @Override
    protected void write(HistoryChunk value, DataOutput out) throws IOException {
      MeterLedgerCodec.writeChunk(value, out);
    }

    @Override
    protected HistoryChunk read(DataInput in) throws IOException {
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
