package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.NodeForecastState;
import io.wattward.forecast.stream.VolumeVersions;
import io.wattward.quota.QuotaProjection;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * The codecs of the domain objects the forecast job keeps in state: each the domain class's own
 * {@code write}/{@code read} and its format version. One class per type, with a no-argument constructor, so
 * that a checkpoint can name it.
 */
public final class ForecastStateCodecs {

  private ForecastStateCodecs() {}

  /** Writes a value in its format. */
  interface Writer<T> extends Serializable {
    void write(T value, DataOutput out) throws IOException;
  }

  /** Reads a value written in its format. */
  interface Reader<T> extends Serializable {
    T read(DataInput in) throws IOException;
  }

  /** A codec over a domain class's own format. */
  abstract static class DomainCodec<T> implements StateCodec<T> {
    private final int formatVersion;
    private final Writer<T> writer;
    private final Reader<T> reader;

    DomainCodec(int formatVersion, Writer<T> writer, Reader<T> reader) {
      this.formatVersion = formatVersion;
      this.writer = writer;
      this.reader = reader;
    }

    @Override
    public int formatVersion() {
      return formatVersion;
    }

    @Override
    public void write(T value, DataOutput out) throws IOException {
      writer.write(value, out);
    }

    @Override
    public T read(DataInput in) throws IOException {
      return reader.read(in);
    }
  }

  /** A node's forecasting state: {@link NodeForecastState#write}. */
  public static final class NodeForecast extends DomainCodec<NodeForecastState> {
    public NodeForecast() {
      super(NodeForecastState.FORMAT_VERSION, NodeForecastState::write, NodeForecastState::read);
    }
  }

  /** The published versions of a node's business volume for a day: {@link VolumeVersions#write}. */
  public static final class Volumes extends DomainCodec<VolumeVersions> {
    public Volumes() {
      super(VolumeVersions.FORMAT_VERSION, VolumeVersions::write, VolumeVersions::read);
    }
  }

  /** A department's daily totals for its quota projection: {@link QuotaProjection#write}. */
  public static final class Projection extends DomainCodec<QuotaProjection> {
    public Projection() {
      super(QuotaProjection.FORMAT_VERSION, QuotaProjection::write, QuotaProjection::read);
    }
  }
}
