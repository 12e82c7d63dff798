package io.wattward.jobs.rollup;

import io.wattward.rollup.EnergyWindows;
import io.wattward.rollup.EnergyWindowsCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The node windows' state of a node, in {@link EnergyWindowsCodec}'s compact format (its version in every value). */
final class EnergyWindowsSerializer extends CodecSerializer<EnergyWindows> {
  private static final long serialVersionUID = 1L;
  static final EnergyWindowsSerializer INSTANCE = new EnergyWindowsSerializer();

  @Override
  public EnergyWindows createInstance() {
    return new EnergyWindows();
  }

  @Override
  protected void write(EnergyWindows value, DataOutput out) throws IOException {
    EnergyWindowsCodec.write(value, out);
  }

  @Override
  protected EnergyWindows read(DataInput in) throws IOException {
    return EnergyWindowsCodec.read(in);
  }

  @Override
  public TypeSerializerSnapshot<EnergyWindows> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Stateless: the format's version is in every value. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<EnergyWindows> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
