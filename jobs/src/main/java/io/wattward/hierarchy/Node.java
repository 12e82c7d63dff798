package io.wattward.hierarchy;

import io.wattward.topology.NodeLevel;
import java.io.Serializable;

/**
 * A node of one of the hierarchies a meter's consumption rolls up to.
 *
 * @param level its level, and with it its hierarchy (spatial, itemized or virtual)
 * @param id the node's path, e.g. PPH/MAIN/IP2/F03
 * @param building the node id of the building the node is in (PPH/MAIN/IP2); empty above building level
 *     and for departments and virtual meters, which may span buildings
 */
public record Node(NodeLevel level, String id, String building) implements Serializable {

  /** spatial, itemized or virtual, as written in rows. */
  public String hierarchy() {
    return level.hierarchy.code();
  }
}
