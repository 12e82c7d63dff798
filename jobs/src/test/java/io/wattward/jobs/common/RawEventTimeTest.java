package io.wattward.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class RawEventTimeTest {

  /** A partition's watermarks while it brings one record and then nothing for 10 s, looked at every 500 ms. */
  private static List<String> quietPartition(Source<RawRecord, ?, ?> source) {
    WattwardConfig.Pipeline defaults = WattwardConfig.load(null, Map.of()).pipeline();
    // 2 s of disorder allowed, taken as idle after 2 s without a record (as the tests' pipeline is set)
    WattwardConfig.Pipeline p = new WattwardConfig.Pipeline(null, 1, 2_000, 2_000, defaults.maxFutureSkewMs(),
        defaults.checkpointIntervalMs(), null, defaults.sinkBatchSize(), defaults.sinkFlushIntervalMs(),
        defaults.sinkMaxBackoffMs());
    long[] now = {0};
    RelativeClock clock = new RelativeClock() {
      @Override
      public long relativeTimeMillis() {
        return now[0];
      }

      @Override
      public long relativeTimeNanos() {
        return now[0] * 1_000_000;
      }
    };
    WatermarkGenerator<RawRecord> generator = RawEventTime.of(source, p).createWatermarkGenerator(
        new WatermarkGeneratorSupplier.Context() {
          @Override
          public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
          }

          @Override
          public RelativeClock getInputActivityClock() {
            return clock;
          }
        });
    List<String> seen = new ArrayList<>();
    WatermarkOutput output = new WatermarkOutput() {
      @Override
      public void emitWatermark(Watermark watermark) {
        seen.add("watermark " + watermark.getTimestamp());
      }

      @Override
      public void markIdle() {
        seen.add("idle");
      }

      @Override
      public void markActive() {
        seen.add("active");
      }
    };
    generator.onEvent(null, 60_000, output);
    for (; now[0] <= 10_000; now[0] += 500) {
      generator.onPeriodicEmit(output);
    }
    return seen;
  }

  @Test
  void aLiveSourcesQuietPartitionIsLeftOutOfTheWatermarkAfterTheIdleTime() {
    List<String> seen = quietPartition(RawKafkaSource.of("127.0.0.1:1", "readings", "g", false, v -> 0));
    // 60,000 - 2,000 of disorder - 1; idle once 2 s have passed without a record
    assertThat(seen).first().isEqualTo("watermark 57999");
    assertThat(seen).contains("idle");
  }

  @Test
  void anEndingSourcesPartitionHoldsTheWatermarkHoweverLongItIsQuiet() {
    List<String> seen = quietPartition(RawKafkaSource.of("127.0.0.1:1", "readings", "g", true, v -> 0));
    assertThat(seen).hasSize(21).containsOnly("watermark 57999");
  }
}
