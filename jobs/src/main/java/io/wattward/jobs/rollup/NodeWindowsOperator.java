package io.wattward.jobs.rollup;

import io.wattward.rollup.MinuteCombiner;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.NodeContribution;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The {@link NodeWindows}' operator: the contributions that reach a subtask between two watermarks are added up
 * per node-minute ({@link MinuteCombiner}) and go into the windows' state together, just before the watermark.
 *
 * <p>Each subtask of the {@link CombineNodeMinutes combiner} before the keyed exchange sends its own sum of a
 * node-minute, so with parallelism p a node's windows were updated up to p times a minute, each update a read
 * and a write of four windows (on RocksDB, the largest cost of the job). Nothing a contribution does can be seen
 * before the next watermark: windows are written on event-time timers, a correction is written again at the
 * next watermark, and a contribution is dropped as too late only against the watermark, which is the same for
 * all contributions held until it. So the windows' rows are the same as without holding them.
 *
 * <p>Nothing held is left out of a checkpoint: the sums go into the state before each barrier (as Flink's own
 * mini-batches do), before the end of the input, and when {@link #MAX_PENDING} node-minutes wait.
 */
public final class NodeWindowsOperator extends KeyedProcessOperator<String, NodeContribution, NodeAggregate> {

  static final int MAX_PENDING = 100_000;

  private transient MinuteCombiner pending;
  private transient Counter contributionsIn;
  private transient Counter nodeMinutesApplied;

  public NodeWindowsOperator(NodeWindows windows) {
    super(windows);
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = new MinuteCombiner();
    contributionsIn = getMetricGroup().counter("contributionsIn");
    nodeMinutesApplied = getMetricGroup().counter("nodeMinutesApplied");
  }

  @Override
  public void processElement(StreamRecord<NodeContribution> element) throws Exception {
    pending.add(element.getValue());
    contributionsIn.inc();
    if (pending.size() >= MAX_PENDING) {
      apply();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    apply();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    apply();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    apply();
    super.finish();
  }

  private void apply() throws Exception {
    if (pending.size() == 0) {
      return;
    }
    for (NodeContribution sum : pending.drain()) {
      StreamRecord<NodeContribution> record = new StreamRecord<>(sum);
      setKeyContextElement(record);
      super.processElement(record);
      nodeMinutesApplied.inc();
    }
  }
}
