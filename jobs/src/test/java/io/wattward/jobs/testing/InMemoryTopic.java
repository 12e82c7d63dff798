package io.wattward.jobs.testing;

import io.wattward.connectors.kafka.RawRecord;
import io.wattward.connectors.replay.EmptySource;
import io.wattward.jobs.common.AvroTopics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A topic's records in memory, in the order added, as the bounded source a job reads in place of Kafka:
 * the same raw records with the same event time the Kafka source reads from each value (undecodable: none).
 * Read with parallelism 1, so the order is kept as on one partition.
 */
public final class InMemoryTopic {

  private final String topic;
  private final AvroTopics.Time eventTime;
  private final List<byte[]> keys = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();
  private double perSecond;
  private boolean timeOrdered;

  public InMemoryTopic(String topic, AvroTopics.Time eventTime) {
    this.topic = topic;
    this.eventTime = eventTime;
  }

  public InMemoryTopic add(String key, byte[] value) {
    keys.add(key == null ? null : key.getBytes(StandardCharsets.UTF_8));
    values.add(value);
    return this;
  }

  /**
   * Reads at most {@code recordsPerSecond}, so that periodic watermarks follow the records as they would on
   * a live topic (read unpaced, a replay is over before the first watermark and time jumps to its end).
   */
  public InMemoryTopic paced(double recordsPerSecond) {
    this.perSecond = recordsPerSecond;
    return this;
  }

  /** Reads the records in event-time order (stable: records of the same time keep the order added). */
  public InMemoryTopic inEventTimeOrder() {
    this.timeOrdered = true;
    return this;
  }

  public int size() {
    return values.size();
  }

  public Source<RawRecord, ?, ?> source() {
    int n = values.size();
    if (n == 0) {
      return EmptySource.of(RawRecord.class); // a generator of no records is refused
    }
    byte[][] k = keys.toArray(new byte[0][]);
    byte[][] v = values.toArray(new byte[0][]);
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      try {
        times[i] = v[i] == null ? Long.MIN_VALUE : eventTime.of(v[i]);
      } catch (Exception e) {
        times[i] = Long.MIN_VALUE;
      }
    }
    if (timeOrdered) {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> times[i]));
      byte[][] k2 = new byte[n][];
      byte[][] v2 = new byte[n][];
      long[] t2 = new long[n];
      for (int i = 0; i < n; i++) {
        k2[i] = k[order[i]];
        v2[i] = v[order[i]];
        t2[i] = times[order[i]];
      }
      System.arraycopy(k2, 0, k, 0, n);
      System.arraycopy(v2, 0, v, 0, n);
      System.arraycopy(t2, 0, times, 0, n);
    }
    String name = topic;
    GeneratorFunction<Long, RawRecord> records = index -> {
      int i = (int) (long) index;
      RawRecord r = new RawRecord(name, 0, i, 0L, k[i], v[i]);
      r.eventTimeMs = times[i];
      return r;
    };
    return perSecond > 0
        ? new DataGeneratorSource<>(records, n, RateLimiterStrategy.perSecond(perSecond), TypeInformation.of(RawRecord.class))
        : new DataGeneratorSource<>(records, n, TypeInformation.of(RawRecord.class));
  }
}
