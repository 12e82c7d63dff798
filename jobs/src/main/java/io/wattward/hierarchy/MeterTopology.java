package io.wattward.hierarchy;

import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.SpatialPath;
import io.wattward.topology.NodeLevel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The meter registry over time: every registration of every meter, each valid from its
 * effectiveFrom until the meter's next one. Answers which registration holds for a meter at an
 * instant, which nodes its consumption rolls up to, which virtual meters use it, and how many
 * accounting meters a node expects at an instant. No Flink types: operators hold one and feed it the
 * topology stream.
 */
public final class MeterTopology implements Serializable {

  /** A virtual meter's use of an input meter. */
  public record VirtualUse(MeterRegistration virtualMeter, double coefficient) {}

  /** A node a registration's consumption goes to, with the key of its windows: level|id|energy type|sub-item. */
  public record Target(Node node, String key) {}

  private final Map<String, List<MeterRegistration>> versions = new HashMap<>();
  private final Map<String, Set<String>> virtualsUsing = new HashMap<>();
  private final TreeSet<Long> changePoints = new TreeSet<>();
  private transient long cachedFrom = Long.MAX_VALUE;
  private transient long cachedUntil = Long.MIN_VALUE;
  private transient Map<String, Integer> cachedExpected;
  /** targets per registration, computed once: the fan-out asks for them every meter-minute */
  private transient Map<MeterRegistration, List<Target>> targets;

  public static MeterTopology of(Collection<MeterRegistration> registrations) {
    MeterTopology t = new MeterTopology();
    registrations.forEach(t::add);
    return t;
  }

  /** Adds a registration; one with the same meter and effectiveFrom replaces the earlier. */
  public void add(MeterRegistration r) {
    List<MeterRegistration> list = versions.computeIfAbsent(r.getMeterId(), k -> new ArrayList<>());
    list.removeIf(x -> x.getEffectiveFrom().equals(r.getEffectiveFrom()));
    list.add(r);
    list.sort(Comparator.comparing(MeterRegistration::getEffectiveFrom));
    if (r.getFormula() != null) {
      for (Formula.Term term : Formula.parse(r.getFormula()).terms()) {
        virtualsUsing.computeIfAbsent(term.meterId(), k -> new HashSet<>()).add(r.getMeterId());
      }
    }
    changePoints.add(r.getEffectiveFrom().toEpochMilli());
    cachedFrom = Long.MAX_VALUE;
    cachedUntil = Long.MIN_VALUE;
  }

  /** The registration in force for the meter at {@code timeMs}, or null if it was not registered then. */
  public MeterRegistration at(String meterId, long timeMs) {
    List<MeterRegistration> list = versions.get(meterId);
    if (list == null) {
      return null;
    }
    MeterRegistration found = null;
    for (MeterRegistration r : list) {
      if (r.getEffectiveFrom().toEpochMilli() <= timeMs) {
        found = r;
      } else {
        break;
      }
    }
    return found;
  }

  public int meterCount() {
    return versions.size();
  }

  /** Registrations of all meters, all versions (to persist the topology in operator state). */
  public List<MeterRegistration> allRegistrations() {
    List<MeterRegistration> out = new ArrayList<>();
    versions.values().forEach(out::addAll);
    return out;
  }

  /**
   * The nodes an accounting meter's consumption rolls up to: every spatial ancestor (hospital, campus,
   * building, floor, department, room) and every itemized one (system, subsystem, device, within the
   * building). Empty for main meters (not accounting) and virtual meters.
   */
  public static List<Node> nodesOf(MeterRegistration r) {
    List<Node> nodes = new ArrayList<>(9);
    if (!r.getAccounting() || r.getFormula() != null) {
      return nodes;
    }
    SpatialPath s = r.getSpatial();
    String hospital = s.getHospital();
    String campus = hospital + "/" + s.getCampus();
    String building = s.getBuilding() == null ? "" : campus + "/" + s.getBuilding();
    nodes.add(new Node(NodeLevel.HOSPITAL, hospital, ""));
    nodes.add(new Node(NodeLevel.CAMPUS, campus, ""));
    String base = campus;
    if (s.getBuilding() != null) {
      base = building;
      nodes.add(new Node(NodeLevel.BUILDING, base, building));
      String floorBase = base;
      if (s.getFloor() != null) {
        floorBase = base + "/" + s.getFloor();
        nodes.add(new Node(NodeLevel.FLOOR, floorBase, building));
      }
      if (s.getRoom() != null) {
        nodes.add(new Node(NodeLevel.ROOM, floorBase + "/" + s.getRoom(), building));
      }
    }
    if (s.getDepartment() != null) {
      nodes.add(new Node(NodeLevel.DEPARTMENT, campus + "/" + s.getDepartment(), ""));
    }
    ItemizedPath i = r.getItemized();
    if (i.getSystem() != null) {
      String system = base + "/" + i.getSystem();
      nodes.add(new Node(NodeLevel.SYSTEM, system, building));
      if (i.getSubsystem() != null) {
        String subsystem = system + "/" + i.getSubsystem();
        nodes.add(new Node(NodeLevel.SUBSYSTEM, subsystem, building));
        if (i.getDevice() != null) {
          nodes.add(new Node(NodeLevel.DEVICE, subsystem + "/" + i.getDevice(), building));
        }
      }
    }
    return nodes;
  }

  /** The nodes of {@link #nodesOf} with their window keys, computed once per registration. */
  public List<Target> targets(MeterRegistration r) {
    if (targets == null) {
      targets = new java.util.IdentityHashMap<>();
    }
    return targets.computeIfAbsent(r, reg -> {
      String suffix = "|" + reg.getEnergyType().name() + "|" + (reg.getSubItemCode() == null ? "" : reg.getSubItemCode());
      return nodesOf(reg).stream().map(n -> new Target(n, n.level().code + "|" + n.id() + suffix)).toList();
    });
  }

  /** How many meters a target's node expects at {@code timeMs} (see {@link #expectedMeters(Node, String, String, long)}). */
  public int expectedMeters(Target target, long timeMs) {
    refreshExpected(timeMs);
    return cachedExpected.getOrDefault(target.key(), 0);
  }

  /** The node a virtual meter's consumption is reported at. */
  public static Node virtualNode(MeterRegistration virtualMeter) {
    return new Node(NodeLevel.VIRTUAL, "virtual/" + virtualMeter.getMeterId(), "");
  }

  /** Virtual meters in force at {@code timeMs} whose formula uses {@code meterId}, with its coefficient. */
  public List<VirtualUse> virtualUses(String meterId, long timeMs) {
    Set<String> candidates = virtualsUsing.get(meterId);
    if (candidates == null) {
      return List.of();
    }
    List<VirtualUse> out = new ArrayList<>();
    for (String v : candidates) {
      MeterRegistration r = at(v, timeMs);
      if (r == null || r.getFormula() == null) {
        continue;
      }
      double coefficient = 0;
      for (Formula.Term term : Formula.parse(r.getFormula()).terms()) {
        if (term.meterId().equals(meterId)) {
          coefficient += term.coefficient();
        }
      }
      if (coefficient != 0) {
        out.add(new VirtualUse(r, coefficient));
      }
    }
    return out;
  }

  /**
   * How many meters a node expects for an energy type and sub-item at {@code timeMs}: accounting
   * meters assigned below it, or a virtual meter's terms.
   */
  public int expectedMeters(Node node, String energyType, String subItem, long timeMs) {
    refreshExpected(timeMs);
    return cachedExpected.getOrDefault(expectedKey(node, energyType, subItem), 0);
  }

  private void refreshExpected(long timeMs) {
    if (timeMs < cachedFrom || timeMs >= cachedUntil) {
      Long floor = changePoints.floor(timeMs);
      Long ceiling = changePoints.higher(timeMs);
      cachedFrom = floor == null ? Long.MIN_VALUE : floor;
      cachedUntil = ceiling == null ? Long.MAX_VALUE : ceiling;
      cachedExpected = computeExpected(timeMs);
    }
  }

  private Map<String, Integer> computeExpected(long timeMs) {
    Map<String, Integer> counts = new HashMap<>();
    for (String meterId : versions.keySet()) {
      MeterRegistration r = at(meterId, timeMs);
      if (r == null) {
        continue;
      }
      String type = r.getEnergyType().name();
      String sub = r.getSubItemCode() == null ? "" : r.getSubItemCode();
      if (r.getFormula() != null) {
        counts.put(expectedKey(virtualNode(r), type, sub), Formula.parse(r.getFormula()).terms().size());
        continue;
      }
      for (Node n : nodesOf(r)) {
        counts.merge(expectedKey(n, type, sub), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static String expectedKey(Node node, String energyType, String subItem) {
    return node.level().code + "|" + node.id() + "|" + energyType + "|" + subItem;
  }
}
