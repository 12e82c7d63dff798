package io.wattward.jobs.common;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;

/**
 * Event time of raw records read from Kafka: each partition's watermark trails its latest event time by the
 * allowed disorder, and the slowest partition holds the job's watermark back.
 *
 * <p>A partition that brings nothing for {@code idleSourceMs} is taken as idle (left out of the minimum) only
 * when the source does not end: live, a partition can be quiet (no meter of it reading), and the job must not
 * wait for it. A source that ends (a replay, a test, the benchmark) has every record it will read in Kafka
 * already; there a partition is quiet only while the consumer is busy with another one's backlog. Once the job
 * got faster (session 14), the scenario test's bounded replay lost contributions as too late in 4 of 7 runs,
 * the watermark up to 8 hours ahead of them, most likely from a partition taken as idle that way (the idle
 * clock stops only while the job is backpressured). Each partition of an ending source now holds the watermark
 * until it ends.
 *
 * <p>Live, the idle clock stops while the job is backpressured, as it is when it catches up after an outage (it
 * reads far slower than Kafka delivers); a partition starved by another's backlog while the job keeps up could
 * still be taken as idle. The fault drill's catch-ups have not shown it.
 */
public final class RawEventTime {
  private RawEventTime() {}

  public static WatermarkStrategy<RawRecord> of(Source<RawRecord, ?, ?> source, WattwardConfig.Pipeline pipeline) {
    WatermarkStrategy<RawRecord> strategy = WatermarkStrategy
        .<RawRecord>forBoundedOutOfOrderness(Duration.ofMillis(pipeline.maxOutOfOrdernessMs()))
        .withTimestampAssigner((raw, kafkaTs) -> raw.eventTimeMs);
    return source.getBoundedness() == Boundedness.BOUNDED ? strategy
        : strategy.withIdleness(Duration.ofMillis(pipeline.idleSourceMs()));
  }
}
