package io.wattward.jobs.rollup;

import io.wattward.normalize.MeterLedgerCodec;
import io.wattward.normalize.MeterLedgerState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The Flink serializer of the normaliser's per-meter state, in {@link MeterLedgerCodec}'s compact format.
 * State written by builds before it, with Flink's POJO serializer, is read with that serializer once and
 * written again in this format (Flink's state migration: on restore for the heap backend, when the state is
 * first registered on RocksDB); its snapshot records the format version, and a newer one than this build
 * reads is refused.
 */
public final class MeterLedgerSerializer extends CodecSerializer<MeterLedgerState> {

  private static final long serialVersionUID = 1L;

  public static final MeterLedgerSerializer INSTANCE = new MeterLedgerSerializer();

  @Override
  public MeterLedgerState createInstance() {
    return new MeterLedgerState();
  }

  @Override
  protected void write(MeterLedgerState value, DataOutput out) throws IOException {
    MeterLedgerCodec.write(value, out);
  }

  @Override
  protected MeterLedgerState read(DataInput in) throws IOException {
    return MeterLedgerCodec.read(in);
  }

  @Override
  public TypeSerializerSnapshot<MeterLedgerState> snapshotConfiguration() {
    return new Snapshot(MeterLedgerCodec.FORMAT_VERSION);
  }

  /** The format version the state was written in. */
  public static final class Snapshot implements TypeSerializerSnapshot<MeterLedgerState> {

    private static final int LAYOUT_VERSION = 1;

    private int formatVersion;

    /** For Flink, which creates the snapshot before {@link #readSnapshot}. */
    public Snapshot() {}

    Snapshot(int formatVersion) {
      this.formatVersion = formatVersion;
    }

    @Override
    public int getCurrentVersion() {
      return LAYOUT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeInt(formatVersion);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      formatVersion = in.readInt();
      if (readVersion != LAYOUT_VERSION || formatVersion < 1 || formatVersion > MeterLedgerCodec.FORMAT_VERSION) {
        throw new IOException("The rollup job's meter ledgers were stored in format " + formatVersion + " (layout "
            + readVersion + "); this build reads formats 1 to " + MeterLedgerCodec.FORMAT_VERSION
            + ". Start the rollup job with --fresh once to discard them.");
      }
    }

    @Override
    public TypeSerializer<MeterLedgerState> restoreSerializer() {
      return INSTANCE;
    }

    @Override
    public TypeSerializerSchemaCompatibility<MeterLedgerState> resolveSchemaCompatibility(
        TypeSerializerSnapshot<MeterLedgerState> old) {
      if (old instanceof Snapshot stored) {
        return stored.formatVersion == formatVersion ? TypeSerializerSchemaCompatibility.compatibleAsIs()
            : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      // the POJO form of builds before this serializer: read with the POJO serializer, written again in this one
      return old instanceof PojoSerializerSnapshot<?> ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
