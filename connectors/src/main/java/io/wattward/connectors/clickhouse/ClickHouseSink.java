package io.wattward.connectors.clickhouse;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.wattward.connectors.faults.Outages;
import io.wattward.connectors.faults.PermanentFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.yandex.clickhouse.ClickHouseStatement;
import ru.yandex.clickhouse.domain.ClickHouseFormat;
import ru.yandex.clickhouse.settings.ClickHouseProperties;
import ru.yandex.clickhouse.util.ClickHouseRowBinaryStream;

/**
 * Rows into one ClickHouse table: batched, written at the latest every {@code flushInterval} and at
 * every checkpoint (so a checkpoint holds nothing that is not in ClickHouse), and never given up on
 * while ClickHouse is away. A batch goes as one INSERT in the RowBinary format ({@link RowBinary}), each
 * value encoded as the column's type on the server asks (read from {@code system.columns} when the writer
 * connects): no value is formatted as text and parsed back.
 *
 * <p>A transient failure (server down or restarting, timeouts, overload) is retried with growing
 * delays up to {@code maxBackoff}, for as long as it takes; meanwhile the writer holds its batch, the
 * job backs up behind it and keeps its state, and the console shows one line per retry round. A
 * permanent failure (see {@link ClickHouseErrors}) stops the job with a {@link PermanentFailure} that
 * says what is wrong. Rows written twice (a retry after a write that did arrive, a restart from a
 * checkpoint) are harmless: every table is a ReplacingMergeTree keyed by the row's identity.
 */
public final class ClickHouseSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  /** Writes a row's values in RowBinary, in the sink's column order. */
  @FunctionalInterface
  public interface RowWriter<T> {
    void write(ClickHouseRowBinaryStream out, T row) throws IOException;
  }

  /** Makes the row writer for the table's column types as the server names them (in the sink's column order). */
  @FunctionalInterface
  public interface RowEncoder<T> extends Serializable {
    /** @throws IllegalArgumentException if a column's type is not one the row's value can be written as */
    RowWriter<T> forTypes(List<String> types);
  }

  /** How the sinks of a job batch and wait. */
  public record Settings(int batchSize, Duration flushInterval, Duration firstBackoff, Duration maxBackoff)
      implements Serializable {
    public static Settings of(int batchSize, long flushIntervalMs) {
      return new Settings(batchSize, Duration.ofMillis(flushIntervalMs), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public Settings withBackoff(Duration first, Duration max) {
      return new Settings(batchSize, flushInterval, first, max.compareTo(first) < 0 ? first : max);
    }
  }

  private final ClickHouseEndpoint endpoint;
  private final String table;
  private final List<String> columns;
  private final String insert;
  private final RowEncoder<T> encoder;
  private final Settings settings;

  /**
   * @param columns the table's columns this sink sets, in the order {@code encoder}'s writer writes them
   */
  public ClickHouseSink(ClickHouseEndpoint endpoint, String table, List<String> columns, RowEncoder<T> encoder,
      Settings settings) {
    this.endpoint = endpoint;
    this.table = table;
    this.columns = List.copyOf(columns);
    this.insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ")";
    this.encoder = encoder;
    this.settings = settings;
  }

  public String table() {
    return table;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(this, context.getProcessingTimeService());
  }

  /**
   * A batch's RowBinary bytes, kept from one batch to the next: a new, growing buffer per batch (and its copy for
   * sending) took a third of the time spent encoding rows in a profile of the replay (docs/benchmarks.md, session
   * 14). Unlike {@link java.io.ByteArrayOutputStream} it takes bytes without a lock (the RowBinary stream writes most
   * values a byte at a time). A buffer grown past {@link #KEEP_AT_MOST} by an unusual batch is let go after it.
   */
  static final class RowBytes extends OutputStream {
    static final int INITIAL = 64 << 10;
    static final int KEEP_AT_MOST = 16 << 20;

    private byte[] buf = new byte[INITIAL];
    private int count;

    @Override
    public void write(int b) {
      if (count == buf.length) {
        grow(1);
      }
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len > buf.length - count) {
        grow(len);
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    private void grow(int more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, Math.addExact(count, more)));
    }

    int size() {
      return count;
    }

    int capacity() {
      return buf.length;
    }

    /** The bytes written since the last reset, read in place. */
    ByteArrayInputStream input() {
      return new ByteArrayInputStream(buf, 0, count);
    }

    void reset() {
      if (buf.length > KEEP_AT_MOST) {
        buf = new byte[INITIAL];
      }
      count = 0;
    }
  }

  private static final class Writer<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final ClickHouseSink<T> sink;
    private final ProcessingTimeService time;
    private final String resource;
    private final Retry retry;
    private final List<T> batch = new ArrayList<>();
    /** the batch as RowBinary, kept for the retries; encoded again after a reconnection; reused batch after batch */
    private final RowBytes encoded = new RowBytes();
    private boolean isEncoded;
    private Connection connection;
    private RowWriter<T> rows;
    private boolean flushScheduled;

    Writer(ClickHouseSink<T> sink, ProcessingTimeService time) {
      this.sink = sink;
      this.time = time;
      this.resource = "ClickHouse " + sink.endpoint.serverUrl().substring("jdbc:clickhouse://".length());
      Settings s = sink.settings;
      this.retry = Retry.of(sink.table, RetryConfig.custom()
          .maxAttempts(Integer.MAX_VALUE)
          .intervalFunction(IntervalFunction.ofExponentialBackoff(s.firstBackoff(), 2.0, s.maxBackoff()))
          .retryOnException(e -> ClickHouseErrors.permanent(e) == null)
          .build());
      retry.getEventPublisher().onRetry(e -> Outages.failing(resource, condition(e.getLastThrowable()),
          e.getNumberOfRetryAttempts(), e.getWaitInterval(), e.getLastThrowable()));
    }

    private static String condition(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketException
            || t.getClass().getSimpleName().equals("NoHttpResponseException")
            || t instanceof SQLException sql && sql.getErrorCode() == 210) {
          return "unreachable";
        }
      }
      return "refusing writes";
    }

    @Override
    public void write(T row, Context context) throws IOException, InterruptedException {
      batch.add(row);
      if (batch.size() >= sink.settings.batchSize()) {
        flushBatch();
      } else if (!flushScheduled) {
        flushScheduled = true;
        time.registerTimer(time.getCurrentProcessingTime() + sink.settings.flushInterval().toMillis(), t -> {
          flushScheduled = false;
          flushBatch();
        });
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      flushBatch();
    }

    private void flushBatch() throws IOException, InterruptedException {
      if (batch.isEmpty()) {
        return;
      }
      try {
        retry.executeCheckedSupplier(() -> {
          writeBatch();
          return null;
        });
      } catch (InterruptedException e) {
        throw e;
      } catch (Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("stopped while writing to " + sink.table);
        }
        String what = ClickHouseErrors.permanent(e);
        throw new PermanentFailure("ClickHouse refuses rows for " + sink.endpoint.database() + "." + sink.table + ": "
            + Outages.summary(e) + (what == null ? "" : " -- " + what), e);
      }
      batch.clear();
      encoded.reset();
      isEncoded = false;
      Outages.recovered(resource);
    }

    private void writeBatch() throws SQLException, IOException {
      try {
        if (connection == null) {
          connection = sink.endpoint.open();
          rows = sink.encoder.forTypes(columnTypes(connection));
          isEncoded = false;
        }
        if (!isEncoded) {
          encode();
          isEncoded = true;
        }
        try (var statement = connection.createStatement()) {
          statement.unwrap(ClickHouseStatement.class).write()
              .send(sink.insert, encoded.input(), ClickHouseFormat.RowBinary);
        }
      } catch (SQLException | IOException | RuntimeException e) {
        closeQuietly();
        throw e;
      }
    }

    private void encode() throws IOException {
      encoded.reset();
      ClickHouseRowBinaryStream out = new ClickHouseRowBinaryStream(encoded, UTC, new ClickHouseProperties());
      for (T row : batch) {
        rows.write(out, row);
      }
    }

    /** The server's types of the sink's columns, in its order; a missing table or column is permanent. */
    private List<String> columnTypes(Connection c) throws SQLException {
      Map<String, String> types = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name, type FROM system.columns WHERE database = ? AND table = ?")) {
        ps.setString(1, sink.endpoint.database());
        ps.setString(2, sink.table);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            types.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      String where = sink.endpoint.database() + "." + sink.table;
      if (types.isEmpty()) {
        throw new SQLException("table " + where + " does not exist", "42S02", 60);
      }
      List<String> ordered = new ArrayList<>(sink.columns.size());
      for (String column : sink.columns) {
        String type = types.get(column);
        if (type == null) {
          throw new SQLException("table " + where + " has no column " + column, "42S22", 16);
        }
        ordered.add(type);
      }
      return ordered;
    }

    private void closeQuietly() {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (Exception e) {
        LOG.debug("closing a failed ClickHouse connection: {}", e.toString());
      }
      connection = null;
      rows = null;
      isEncoded = false;
    }

    @Override
    public void close() {
      // rows still held here were not covered by a completed checkpoint: the restart writes them again
      closeQuietly();
    }
  }
}
