package io.wattward.jobs.common;

import io.wattward.config.WattwardConfig;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The runtime set-up every WattWard job shares: parallelism, checkpoint interval and checkpoint storage. */
public final class JobRuntime {
  private JobRuntime() {}

  /** Parallelism, checkpoint interval and checkpoint storage, as the settings say. */
  public static void configure(StreamExecutionEnvironment env, WattwardConfig.Pipeline pipeline) {
    env.setParallelism(pipeline.parallelism());
    env.enableCheckpointing(pipeline.checkpointIntervalMs());
    checkpointStorage(env, pipeline.checkpointDir());
    // no silent Kryo: a type Flink cannot serialise as a POJO, a primitive, Avro or with a serializer of ours fails
    // the job's build instead of being shipped and stored through generic serialisation
    Configuration types = new Configuration();
    types.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    env.configure(types);
  }

  /** Checkpoints to a directory or URI (keyed state is far more than the JobManager's memory storage takes). */
  public static void checkpointStorage(StreamExecutionEnvironment env, String dir) {
    if (dir != null && !dir.isBlank()) {
      Configuration storage = new Configuration();
      storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          dir.contains("://") ? dir : Path.of(dir).toAbsolutePath().toUri().toString());
      env.configure(storage);
    }
  }
}
