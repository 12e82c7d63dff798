package io.wattward.jobs.rollup;

import io.wattward.connectors.kafka.AvroKafkaSink;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.environment.EnvAggregate;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeAggregate;
import io.wattward.schema.EnvMinute;
import io.wattward.schema.MeterMinuteRecord;
import io.wattward.schema.NodeWindow;
import io.wattward.topology.EnvFactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * What the rollup job publishes to Kafka for the jobs downstream (anomaly detection, forecasting):
 * meter-minutes, node windows of 15 minutes and 1 hour, and each room's (and the outdoor) environment
 * per minute, as Avro. The same rows as in ClickHouse, in the same versions, exactly once: a restart from a
 * checkpoint does not hand the jobs downstream a window twice (they read committed records only).
 */
public final class RollupTopics {
  private RollupTopics() {}

  /** @param transactions the prefix of the sinks' transactional ids: unique per job and database */
  public static Sink<MeterMinute> meterMinutes(String bootstrap, String topic, String transactions) {
    return AvroKafkaSink.exactlyOnce(bootstrap, topic, m -> m.meterId,
        m -> AvroMessages.encode(MeterMinuteRecord.getEncoder(), toRecord(m)), transactions + "-" + topic);
  }

  public static Sink<NodeAggregate> nodeWindows(String bootstrap, String topic, String transactions) {
    return AvroKafkaSink.exactlyOnce(bootstrap, topic, a -> a.nodeId,
        a -> AvroMessages.encode(NodeWindow.getEncoder(), toRecord(a)), transactions + "-" + topic);
  }

  public static Sink<EnvAggregate> envMinutes(String bootstrap, String topic, String transactions) {
    return AvroKafkaSink.exactlyOnce(bootstrap, topic, a -> a.nodeId,
        a -> AvroMessages.encode(EnvMinute.getEncoder(), toRecord(a)), transactions + "-" + topic);
  }

  static MeterMinuteRecord toRecord(MeterMinute m) {
    return MeterMinuteRecord.newBuilder().setMeterId(m.meterId).setEnergyType(m.energyType == null ? "" : m.energyType)
        .setMinuteStart(Instant.ofEpochMilli(m.minuteStartMs)).setConsumption(m.consumptionMilli / 1000.0)
        .setUnit(m.unit).setEstimated(m.estimated).setVersion(m.version).build();
  }

  static NodeWindow toRecord(NodeAggregate a) {
    return NodeWindow.newBuilder().setSize(a.size.suffix).setHierarchy(a.hierarchy).setLevel(a.level)
        .setNodeId(a.nodeId).setBuilding(a.building == null ? "" : a.building).setEnergyType(a.energyType)
        .setSubItem(a.subItem == null ? "" : a.subItem).setUnit(a.unit).setWindowStart(Instant.ofEpochMilli(a.windowStartMs))
        .setWindowMinutes(a.size.nominalMinutes).setConsumption(a.consumptionMilli / 1000.0)
        .setMetersExpected(a.metersExpected).setMeterMinutes(a.meterMinutes).setCost(a.cost).setVersion(a.version)
        .build();
  }

  static EnvMinute toRecord(EnvAggregate a) {
    List<String> out = new ArrayList<>();
    for (EnvFactor f : EnvFactor.values()) {
      if (a.minutesOut[f.ordinal()] > 0) {
        out.add(f.field);
      }
    }
    return EnvMinute.newBuilder().setLevel(a.level).setNodeId(a.nodeId).setBuilding(a.building)
        .setRoomType(a.roomType).setMinuteStart(Instant.ofEpochMilli(a.windowStartMs))
        .setTemperatureC(value(a, EnvFactor.TEMPERATURE)).setHumidityPct(value(a, EnvFactor.HUMIDITY))
        .setCo2Ppm(value(a, EnvFactor.CO2)).setVocPpb(value(a, EnvFactor.VOC)).setPm25UgM3(value(a, EnvFactor.PM25))
        .setIlluminanceLux(value(a, EnvFactor.ILLUMINANCE)).setOutOfRange(out).build();
  }

  private static Double value(EnvAggregate a, EnvFactor f) {
    double v = a.avg[f.ordinal()];
    return Double.isNaN(v) ? null : v;
  }
}
