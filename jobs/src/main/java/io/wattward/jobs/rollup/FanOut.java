package io.wattward.jobs.rollup;

import io.wattward.hierarchy.MeterTopology;
import io.wattward.hierarchy.Node;
import io.wattward.jobs.common.TopologyState;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeContribution;
import io.wattward.schema.MeterRegistration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Meter-minutes in, node contributions out: each accounting meter's minute goes to every node above
 * it in both hierarchies, and to every virtual meter whose formula uses it, according to the meter's
 * registration in force at that minute. A room moved to another department from time T therefore
 * counts for the new department from T on, with no restart and no rewriting of earlier minutes.
 */
public final class FanOut extends BroadcastProcessFunction<MeterMinute, MeterRegistration, NodeContribution> {

  private final TopologyState topology;
  private transient Counter unassigned;

  public FanOut(List<MeterRegistration> initialTopology) {
    this.topology = new TopologyState(initialTopology);
  }

  @Override
  public void open(OpenContext openContext) {
    unassigned = getRuntimeContext().getMetricGroup().counter("unassignedMeterMinutes");
  }

  @Override
  public void processElement(MeterMinute m, ReadOnlyContext ctx, Collector<NodeContribution> out) throws Exception {
    long delta = m.consumptionMilli - m.previousConsumptionMilli;
    int deltaReported = (m.counted() ? 1 : 0) - (m.previousCounted ? 1 : 0);
    if (delta == 0 && deltaReported == 0 && m.version > 1) {
      return;
    }
    MeterTopology t = topology.get(ctx.getBroadcastState(TopologyState.DESCRIPTOR));
    MeterRegistration r = t.at(m.meterId, m.minuteStartMs);
    if (r == null) {
      unassigned.inc();
      return;
    }
    String type = r.getEnergyType().name();
    String sub = r.getSubItemCode() == null ? "" : r.getSubItemCode();
    for (MeterTopology.Target target : t.targets(r)) {
      out.collect(contribution(target.node(), target.key(), type, sub, m, delta, deltaReported,
          t.expectedMeters(target, m.minuteStartMs)));
    }
    for (MeterTopology.VirtualUse use : t.virtualUses(m.meterId, m.minuteStartMs)) {
      MeterRegistration v = use.virtualMeter();
      Node node = MeterTopology.virtualNode(v);
      String vType = v.getEnergyType().name();
      String vSub = v.getSubItemCode() == null ? "" : v.getSubItemCode();
      out.collect(contribution(node, node.level().code + "|" + node.id() + "|" + vType + "|" + vSub, vType, vSub, m,
          Math.round(delta * use.coefficient()), deltaReported, t.expectedMeters(node, vType, vSub, m.minuteStartMs)));
    }
  }

  @Override
  public void processBroadcastElement(MeterRegistration r, Context ctx, Collector<NodeContribution> out)
      throws Exception {
    topology.add(ctx.getBroadcastState(TopologyState.DESCRIPTOR), r);
  }

  private static NodeContribution contribution(Node node, String key, String type, String sub, MeterMinute m,
      long delta, int deltaReported, int expected) {
    NodeContribution c = new NodeContribution();
    c.key = key;
    c.hierarchy = node.hierarchy();
    c.level = node.level().code;
    c.nodeId = node.id();
    c.building = node.building();
    c.energyType = type;
    c.subItem = sub;
    c.unit = m.unit;
    c.minuteStartMs = m.minuteStartMs;
    c.deltaMilli = delta;
    c.deltaMeterMinutes = deltaReported;
    c.metersExpected = expected;
    return c;
  }
}
