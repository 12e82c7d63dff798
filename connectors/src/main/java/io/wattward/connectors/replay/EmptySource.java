package io.wattward.connectors.replay;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source with nothing in it: it ends as soon as it starts, with the final watermark. Put in
 * place of a job's Kafka sources, it lets the job's restored state play out to the end of event time,
 * writing every window that is still open (how a bounded run writes its last windows, see the CLI's
 * JobSupervisor). Flink 2.2 drops the final watermark of a source that was idle when it was drained
 * (FLINK-40499, https://github.com/apache/flink/pull/29037), which is why draining the Kafka sources
 * themselves does not do this.
 */
public final class EmptySource<T> implements Source<T, EmptySource.NoSplit, Void>, ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  private final TypeInformation<T> type;

  private EmptySource(TypeInformation<T> type) {
    this.type = type;
  }

  public static <T> EmptySource<T> of(Class<T> type) {
    return new EmptySource<>(TypeInformation.of(type));
  }

  /**
   * The uid of a source operator: {@code uid} for a real source, another for an empty one, so that a job
   * restored with empty sources takes the state of every other operator but none of the Kafka sources'
   * positions (which would never end).
   */
  public static String uid(Source<?, ?, ?> source, String uid) {
    return source instanceof EmptySource ? uid + "-ended" : uid;
  }

  /** Never created: the source has no splits. */
  public static final class NoSplit implements SourceSplit {
    @Override
    public String splitId() {
      return "none";
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SplitEnumerator<NoSplit, Void> createEnumerator(SplitEnumeratorContext<NoSplit> context) {
    return new SplitEnumerator<>() {
      @Override
      public void start() {}

      @Override
      public void handleSplitRequest(int subtaskId, String requesterHostname) {
        context.signalNoMoreSplits(subtaskId);
      }

      @Override
      public void addSplitsBack(List<NoSplit> splits, int subtaskId) {}

      @Override
      public void addReader(int subtaskId) {
        context.signalNoMoreSplits(subtaskId);
      }

      @Override
      public Void snapshotState(long checkpointId) {
        return null;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public SplitEnumerator<NoSplit, Void> restoreEnumerator(SplitEnumeratorContext<NoSplit> context, Void checkpoint) {
    return createEnumerator(context);
  }

  @Override
  public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
    return new Nothing<>();
  }

  @Override
  public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
    return new Nothing<>();
  }

  @Override
  public SourceReader<T, NoSplit> createReader(SourceReaderContext context) {
    return new SourceReader<>() {
      private final CompletableFuture<Void> noMoreSplits = new CompletableFuture<>();

      @Override
      public void start() {}

      @Override
      public InputStatus pollNext(ReaderOutput<T> output) {
        return noMoreSplits.isDone() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
      }

      @Override
      public List<NoSplit> snapshotState(long checkpointId) {
        return List.of();
      }

      @Override
      public CompletableFuture<Void> isAvailable() {
        return noMoreSplits;
      }

      @Override
      public void addSplits(List<NoSplit> splits) {}

      @Override
      public void notifyNoMoreSplits() {
        noMoreSplits.complete(null);
      }

      @Override
      public void close() {}
    };
  }

  private static final class Nothing<X> implements SimpleVersionedSerializer<X> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(X obj) {
      return new byte[0];
    }

    @Override
    public X deserialize(int version, byte[] serialized) throws IOException {
      return null;
    }
  }
}
