package io.wattward.jobs.meterminute;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.normalize.MeterMinute;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Batched, retrying inserts into ClickHouse {@code meter_minute} through Flink's JDBC sink. The sink
 * flushes on every checkpoint, and the table is a ReplacingMergeTree keyed by (meter, minute), so rows
 * replayed after a restart from a checkpoint replace themselves instead of adding up.
 */
public final class MeterMinuteSink {

  static final String INSERT = "INSERT INTO meter_minute "
      + "(meter_id, minute_start, consumption, unit, readings, version) VALUES (?, ?, ?, ?, ?, ?)";

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private MeterMinuteSink() {}

  public static JdbcSink<MeterMinute> of(ClickHouseEndpoint endpoint, int batchSize, long flushIntervalMs,
      int maxRetries) {
    return JdbcSink.<MeterMinute>builder()
        .withQueryStatement(INSERT, (ps, m) -> {
          ps.setString(1, m.meterId);
          // the column is DateTime('UTC'): a UTC wall-clock string cannot be shifted by any client zone
          ps.setString(2, DATE_TIME.format(Instant.ofEpochMilli(m.minuteStartMs)));
          ps.setBigDecimal(3, BigDecimal.valueOf(m.consumptionMilli, 3));
          ps.setString(4, m.unit);
          ps.setInt(5, m.readings);
          ps.setLong(6, m.version);
        })
        .withExecutionOptions(JdbcExecutionOptions.builder()
            .withBatchSize(batchSize)
            .withBatchIntervalMs(flushIntervalMs)
            .withMaxRetries(maxRetries)
            .build())
        .buildAtLeastOnce(endpoint.sinkConnectionOptions());
  }
}
