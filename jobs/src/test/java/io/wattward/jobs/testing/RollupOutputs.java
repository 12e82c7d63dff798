package io.wattward.jobs.testing;

import io.wattward.environment.EnvAggregate;
import io.wattward.jobs.rollup.RollupJob;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.WindowSize;
import io.wattward.schema.DeadLetter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;

/** Every output of the rollup job collected in memory. */
public final class RollupOutputs {
  public final CollectingSink<MeterMinute> meterMinutes = new CollectingSink<>();
  public final Map<WindowSize, CollectingSink<NodeAggregate>> nodeEnergy = new EnumMap<>(WindowSize.class);
  public final CollectingSink<MeterEvent> meterEvents = new CollectingSink<>();
  public final Map<WindowSize, CollectingSink<EnvAggregate>> envWindows = new EnumMap<>(WindowSize.class);
  public final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
  public final CollectingSink<DeadLetter> lateReadings = new CollectingSink<>();
  public final CollectingSink<MeterMinute> meterMinuteTopic = new CollectingSink<>();
  public final CollectingSink<NodeAggregate> nodeWindowTopic = new CollectingSink<>();
  public final CollectingSink<EnvAggregate> envMinuteTopic = new CollectingSink<>();

  public RollupOutputs() {
    for (WindowSize size : WindowSize.values()) {
      nodeEnergy.put(size, new CollectingSink<>());
      envWindows.put(size, new CollectingSink<>());
    }
  }

  public RollupJob.Outputs outputs() {
    return new RollupJob.Outputs(meterMinutes, new EnumMap<WindowSize, Sink<NodeAggregate>>(nodeEnergy), meterEvents,
        new EnumMap<WindowSize, Sink<EnvAggregate>>(envWindows),
        deadLetters, lateReadings, meterMinuteTopic, nodeWindowTopic, envMinuteTopic);
  }

  /** The node windows of one size, every version. */
  public List<NodeAggregate> windows(WindowSize size) {
    return new ArrayList<>(nodeEnergy.get(size).values());
  }
}
