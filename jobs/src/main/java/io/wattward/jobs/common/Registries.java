package io.wattward.jobs.common;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.schema.MeterRegistration;
import io.wattward.topology.SensorInfo;
import io.wattward.topology.TopologyCsv;
import io.wattward.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The meter and sensor registries a job starts with. */
public final class Registries {
  private static final Logger LOG = LoggerFactory.getLogger(Registries.class);

  private Registries() {}

  /**
   * The meter registry: what is on the topology topic, or else the topology CSV of the configuration.
   */
  public static List<MeterRegistration> meters(WattwardConfig config, Path home) throws Exception {
    String topic = config.kafka().topics().topology();
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(new KafkaTopics.Spec(topic, 1, true)));
    List<MeterRegistration> fromTopic = TopologyLoader.readAll(config.kafka().bootstrap(), topic);
    if (!fromTopic.isEmpty()) {
      return fromTopic;
    }
    Path csv = home.resolve(config.pipeline().topologyCsv());
    if (Files.isRegularFile(csv)) {
      return TopologyCsv.read(csv);
    }
    throw new IllegalStateException("no meter registry: topic " + topic + " is empty and " + csv
        + " does not exist (run `wattward topology load --csv FILE`)");
  }

  /**
   * The sensor registry: ClickHouse {@code sensor_registry}, or else the sensors CSV of the configuration,
   * or else none (every environment reading is then dead-lettered as UNKNOWN_SENSOR).
   */
  public static List<SensorInfo> sensors(WattwardConfig config, Path home) throws Exception {
    List<SensorInfo> loaded = SensorInfo.readAll(config.clickhouse().endpoint());
    if (!loaded.isEmpty()) {
      return loaded;
    }
    String csv = config.environment().sensorsCsv();
    if (csv != null && !csv.isBlank() && Files.isRegularFile(home.resolve(csv))) {
      return SensorInfo.read(home.resolve(csv));
    }
    LOG.warn("no sensor registry: {}.sensor_registry is empty and {} does not exist; environment readings will be "
        + "dead-lettered (run `wattward topology load --sensors FILE`)", config.clickhouse().database(), csv);
    return List.of();
  }
}
