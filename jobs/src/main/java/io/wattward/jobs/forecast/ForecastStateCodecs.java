package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.NodeForecastState;
import io.wattward.forecast.stream.VolumeVersions;
import io.wattward.quota.QuotaProjection;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The codecs of the domain objects the forecast job keeps in state. */
public final class ForecastStateCodecs {

  private ForecastStateCodecs() {}

  /** A node's forecasting state: {@link NodeForecastState#write}. */
  public static final class NodeForecast implements StateCodec<NodeForecastState> {
    @Override
    public int formatVersion() {
      return NodeForecastState.FORMAT_VERSION;
    }

    @Override
    public void write(NodeForecastState value, DataOutput out) throws IOException {
      value.write(out);
    }

    @Override
    public NodeForecastState read(DataInput in) throws IOException {
      return NodeForecastState.read(in);
    }
  }

  /** The published versions of a node's business volume for a day: {@link VolumeVersions#write}. */
  public static final class Volumes implements StateCodec<VolumeVersions> {
    @Override
    public int formatVersion() {
      return VolumeVersions.FORMAT_VERSION;
    }

    @Override
    public void write(VolumeVersions value, DataOutput out) throws IOException {
      value.write(out);
    }

    @Override
    public VolumeVersions read(DataInput in) throws IOException {
      return VolumeVersions.read(in);
    }
  }

  /** A department's daily totals for its quota projection: {@link QuotaProjection#write}. */
  public static final class Projection implements StateCodec<QuotaProjection> {
    @Override
    public int formatVersion() {
      return QuotaProjection.FORMAT_VERSION;
    }

    @Override
    public void write(QuotaProjection value, DataOutput out) throws IOException {
      value.write(out);
    }

    @Override
    public QuotaProjection read(DataInput in) throws IOException {
      return QuotaProjection.read(in);
    }
  }
}
