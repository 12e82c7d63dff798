package io.wattward.jobs.common;

import io.wattward.hierarchy.MeterTopology;
import io.wattward.schema.MeterRegistration;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The topology as seen by an operator connected to the topology stream: the registrations the job
 * started with, plus every registration broadcast since, kept in broadcast state (so they survive a
 * restart) and indexed in a {@link MeterTopology} (rebuilt from state on first use after a restore).
 */
public final class TopologyState implements Serializable {

  public static final MapStateDescriptor<String, MeterRegistration> DESCRIPTOR = new MapStateDescriptor<>(
      "topology", Types.STRING, TypeInformation.of(MeterRegistration.class));

  private final List<MeterRegistration> initial;
  private transient MeterTopology topology;

  public TopologyState(List<MeterRegistration> initial) {
    this.initial = List.copyOf(initial);
  }

  public MeterTopology get(ReadOnlyBroadcastState<String, MeterRegistration> state) throws Exception {
    if (topology == null) {
      topology = MeterTopology.of(initial);
      for (Map.Entry<String, MeterRegistration> e : state.immutableEntries()) {
        topology.add(e.getValue());
      }
    }
    return topology;
  }

  public void add(BroadcastState<String, MeterRegistration> state, MeterRegistration r) throws Exception {
    state.put(r.getMeterId() + "@" + r.getEffectiveFrom().toEpochMilli(), r);
    get(state).add(r);
  }
}
