package io.wattward.jobs.rollup;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps a sink and crashes the job once, as a killed TaskManager would: after {@code failAfter} rows
 * and after the writer has flushed for at least one checkpoint, so there is a checkpoint to restart
 * from. Counts every row handed to the real sink, before and after the restart.
 */
final class FailOnceSink<T> implements Sink<T> {

  static final AtomicBoolean FAILED = new AtomicBoolean();
  static final AtomicLong WRITTEN = new AtomicLong();
  static final AtomicLong CHECKPOINT_FLUSHES_BEFORE_CRASH = new AtomicLong();

  private final Sink<T> delegate;
  private final long failAfter;

  FailOnceSink(Sink<T> delegate, long failAfter) {
    this.delegate = delegate;
    this.failAfter = failAfter;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    SinkWriter<T> writer = delegate.createWriter(context);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) throws IOException, InterruptedException {
        if (WRITTEN.get() >= failAfter && CHECKPOINT_FLUSHES_BEFORE_CRASH.get() > 0
            && FAILED.compareAndSet(false, true)) {
          throw new IOException("injected crash after " + WRITTEN.get() + " rows");
        }
        writer.write(element, ctx);
        WRITTEN.incrementAndGet();
      }

      @Override
      public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (!endOfInput && !FAILED.get()) {
          CHECKPOINT_FLUSHES_BEFORE_CRASH.incrementAndGet();
        }
        writer.flush(endOfInput);
      }

      @Override
      public void close() throws Exception {
        writer.close();
      }
    };
  }
}
