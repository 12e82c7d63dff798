package io.wattward.jobs.rollup;

import io.wattward.environment.EnvContribution;
import io.wattward.environment.RangeProfiles;
import io.wattward.environment.SensorMinute;
import io.wattward.topology.NodeLevel;
import io.wattward.topology.SensorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sensor-minutes in; one contribution per node the sensor set belongs to out: its room, floor,
 * building and department, or its campus for a sensor set without a building (outdoor). Each
 * sensor-minute is held to the range profile of its own room type here, so a floor's minutes out of
 * range count the rooms that were out, whatever their types.
 */
public final class EnvFanOut extends RichFlatMapFunction<SensorMinute, EnvContribution> {

  /** A node a sensor rolls up to. */
  record Target(String level, String nodeId, String building, String roomType) implements java.io.Serializable {}

  private final List<SensorInfo> registry;
  private final RangeProfiles profiles;
  private transient Map<String, SensorInfo> sensors;
  private transient Map<String, List<Target>> targets;
  private transient Map<String, Integer> sensorsPerNode;

  public EnvFanOut(List<SensorInfo> registry, RangeProfiles profiles) {
    this.registry = List.copyOf(registry);
    this.profiles = profiles;
  }

  /** The nodes of one sensor set. */
  static List<Target> targets(SensorInfo s) {
    List<Target> out = new ArrayList<>();
    if (s.building() == null) {
      out.add(new Target(NodeLevel.CAMPUS.code, s.campusNode(), "", ""));
      return out;
    }
    String building = s.buildingNode();
    out.add(new Target(NodeLevel.BUILDING.code, building, building, ""));
    if (s.floor() != null) {
      out.add(new Target(NodeLevel.FLOOR.code, s.floorNode(), building, ""));
    }
    if (s.room() != null) {
      out.add(new Target(NodeLevel.ROOM.code, s.roomNode(), building, s.roomType()));
    }
    if (s.department() != null) {
      out.add(new Target(NodeLevel.DEPARTMENT.code, s.departmentNode(), "", ""));
    }
    return out;
  }

  @Override
  public void open(OpenContext openContext) {
    sensors = new HashMap<>();
    targets = new HashMap<>();
    sensorsPerNode = new HashMap<>();
    for (SensorInfo s : registry) {
      sensors.put(s.sensorId(), s);
      List<Target> t = targets(s);
      targets.put(s.sensorId(), t);
      t.forEach(n -> sensorsPerNode.merge(n.level() + "|" + n.nodeId(), 1, Integer::sum));
    }
  }

  @Override
  public void flatMap(SensorMinute m, Collector<EnvContribution> out) {
    SensorInfo s = sensors.get(m.sensorId);
    if (s == null) {
      return; // validation only lets registered sensors through
    }
    int mask = profiles.outOfRange(s.roomType(), m.means);
    for (Target t : targets.get(m.sensorId)) {
      EnvContribution c = new EnvContribution();
      c.key = t.level() + "|" + t.nodeId();
      c.level = t.level();
      c.nodeId = t.nodeId();
      c.building = t.building();
      c.roomType = t.roomType();
      c.sensorsExpected = sensorsPerNode.get(c.key);
      c.minuteStartMs = m.minuteStartMs;
      c.means = m.means;
      c.outMask = mask;
      out.collect(c);
    }
  }
}
