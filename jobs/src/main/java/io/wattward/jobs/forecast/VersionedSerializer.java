package io.wattward.jobs.forecast;

import io.wattward.forecast.UnknownStateVersionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The Flink serializer of one named state of the forecast job whose value is a domain object with an
 * explicit, versioned format ({@link StateCodec}). Its snapshot records the codec and the format version,
 * so a checkpoint says what schema its state has; a version this build does not know is refused, naming
 * the state, with the way out ({@code --fresh}).
 */
public final class VersionedSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  private final String stateName;
  private final StateCodec<T> codec;

  public VersionedSerializer(String stateName, StateCodec<T> codec) {
    this.stateName = Objects.requireNonNull(stateName);
    this.codec = Objects.requireNonNull(codec);
  }

  /** Why a stored state cannot be read, and what to do about it. */
  static String refusal(String stateName, String detail) {
    return "The forecast job's state '" + stateName + "' cannot be read by this build: " + detail
        + ". Start the forecast job with --fresh once to discard it.";
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this; // stateless
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    if (from == null) {
      return null;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      codec.write(from, new DataOutputStream(bytes));
      return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    codec.write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    try {
      return codec.read(source);
    } catch (UnknownStateVersionException e) {
      throw new IOException(refusal(stateName, e.getMessage()), e);
    }
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof VersionedSerializer<?> other && stateName.equals(other.stateName)
        && codec.getClass().equals(other.codec.getClass());
  }

  @Override
  public int hashCode() {
    return Objects.hash(stateName, codec.getClass());
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(stateName, codec);
  }

  /**
   * The schema of a stored state: its name, its codec and the format version it was written in. Read
   * back on restore; a format version newer than the codec's is refused there.
   */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int LAYOUT_VERSION = 1;

    private String stateName;
    private StateCodec<T> codec;
    private int formatVersion;

    /** For Flink, which creates the snapshot before {@link #readSnapshot}. */
    public Snapshot() {}

    Snapshot(String stateName, StateCodec<T> codec) {
      this.stateName = stateName;
      this.codec = codec;
      this.formatVersion = codec.formatVersion();
    }

    int formatVersion() {
      return formatVersion;
    }

    @Override
    public int getCurrentVersion() {
      return LAYOUT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(stateName);
      out.writeUTF(codec.getClass().getName());
      out.writeInt(formatVersion);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      if (readVersion != LAYOUT_VERSION) {
        throw new IOException(refusal("(unknown)", "its serializer snapshot has layout version " + readVersion));
      }
      stateName = in.readUTF();
      String codecClass = in.readUTF();
      formatVersion = in.readInt();
      codec = instantiate(codecClass, classLoader);
      if (formatVersion < 1 || formatVersion > codec.formatVersion()) {
        throw new IOException(refusal(stateName, "it was stored in format version " + formatVersion
            + "; this build reads versions 1 to " + codec.formatVersion()));
      }
    }

    @SuppressWarnings("unchecked")
    private StateCodec<T> instantiate(String codecClass, ClassLoader classLoader) throws IOException {
      try {
        return (StateCodec<T>) Class.forName(codecClass, true, classLoader).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IOException(refusal(stateName, "its codec " + codecClass + " is not in this build"), e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return new VersionedSerializer<>(stateName, codec);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
      if (!(old instanceof Snapshot<T> stored) || !stored.codec.getClass().equals(codec.getClass())) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      if (stored.formatVersion == formatVersion) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      // an older format: the codec reads it, and the state is rewritten in the current one
      return stored.formatVersion < formatVersion ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
