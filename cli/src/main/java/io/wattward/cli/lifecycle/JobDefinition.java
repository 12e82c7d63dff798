package io.wattward.cli.lifecycle;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.ConsumedTopics;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job as the supervisor runs it: its name, its settings, the pipeline it adds to an environment
 * (with unbounded Kafka sources: a bounded run is stopped by the supervisor, see {@link JobSupervisor}),
 * the same pipeline with empty sources (which plays a restored state out to the end of event time; null
 * for a job whose state means nothing at the end of time, such as detectors that would find every meter
 * offline), the data topics it reads, and the format of the state it keeps (raised by a build whose state an
 * earlier one's checkpoints do not carry over into: the supervisor then refuses to resume from them).
 */
public record JobDefinition(String name, WattwardConfig config, Consumer<StreamExecutionEnvironment> pipeline,
    Consumer<StreamExecutionEnvironment> ended, ConsumedTopics inputs, int stateFormat) {

  /** The name of the restore folder, lock and run files of {@code job} on the configured database. */
  public static String runName(String job, WattwardConfig config) {
    return job + "-" + config.clickhouse().database();
  }

  /** The name of the job's restore folder, lock and run files: one per job and ClickHouse database. */
  public String runName() {
    return runName(name, config);
  }
}
