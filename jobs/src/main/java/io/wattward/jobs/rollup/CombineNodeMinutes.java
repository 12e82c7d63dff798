package io.wattward.jobs.rollup;

import io.wattward.rollup.MinuteCombiner;
import io.wattward.rollup.NodeContribution;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Adds up the contributions to the same node-minute inside a subtask ({@link MinuteCombiner}) before the
 * keyed exchange to the node windows, which then update a node's state once per minute and subtask instead
 * of once per meter-minute.
 *
 * <p>Nothing is held back across event time or a checkpoint: the sums go out before each watermark is
 * passed on (so the windows see every contribution before the watermark that closes its minute, as without
 * the combiner) and before the input turns idle, before each checkpoint barrier (so the combiner has no state to snapshot: exactly-once as
 * before), at the end of a bounded input, and at most {@link #FLUSH_AFTER_MS} after the first one waiting
 * (corrections that come while the input is idle), or when {@link #MAX_PENDING} node-minutes wait.
 */
public final class CombineNodeMinutes extends AbstractStreamOperator<NodeContribution>
    implements OneInputStreamOperator<NodeContribution, NodeContribution>, BoundedOneInput {

  static final long FLUSH_AFTER_MS = 1_000;
  static final int MAX_PENDING = 100_000;

  private transient MinuteCombiner combiner;
  private transient boolean flushScheduled;
  private transient long latestTimestamp;
  private transient Counter contributionsIn;
  private transient Counter nodeMinutesOut;

  @Override
  public void open() throws Exception {
    super.open();
    combiner = new MinuteCombiner();
    latestTimestamp = Long.MIN_VALUE;
    contributionsIn = getMetricGroup().counter("contributionsIn");
    nodeMinutesOut = getMetricGroup().counter("nodeMinutesOut");
  }

  @Override
  public void processElement(StreamRecord<NodeContribution> element) {
    combiner.add(element.getValue());
    contributionsIn.inc();
    if (element.hasTimestamp()) {
      latestTimestamp = Math.max(latestTimestamp, element.getTimestamp());
    }
    if (combiner.size() >= MAX_PENDING) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      var time = getProcessingTimeService();
      time.registerTimer(time.getCurrentProcessingTime() + FLUSH_AFTER_MS, t -> {
        flushScheduled = false;
        flush();
      });
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  /** Also before the input turns idle or active: the windows then stop or start waiting for this subtask. */
  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    flush();
    super.processWatermarkStatus(status);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() {
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() {
    if (combiner.size() == 0) {
      return;
    }
    for (NodeContribution sum : combiner.drain()) {
      output.collect(latestTimestamp == Long.MIN_VALUE ? new StreamRecord<>(sum)
          : new StreamRecord<>(sum, latestTimestamp));
      nodeMinutesOut.inc();
    }
    latestTimestamp = Long.MIN_VALUE;
  }
}
