package io.wattward.jobs.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the flow tests run their jobs on: one TaskManager, its slots shared by the tests. */
public final class FlowCluster {
  private FlowCluster() {}

  public static MiniClusterExtension extension() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
  }

  /**
   * An environment on that cluster: parallelism 1 (in-memory topics keep their order), no checkpoints, and
   * watermarks every 10 ms, so that a paced topic's watermark follows its records closely.
   */
  public static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.getConfig().setAutoWatermarkInterval(10);
    return env;
  }
}
