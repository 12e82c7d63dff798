package io.wattward.hierarchy;

import java.io.Serializable;

/**
 * A node of one of the hierarchies a meter's consumption rolls up to.
 *
 * @param hierarchy spatial, itemized or virtual
 * @param level hospital, campus, building, floor, department, room; system, subsystem, device; virtual
 * @param id the node's path, e.g. PPH/MAIN/IP2/F03
 * @param building the node id of the building the node is in (PPH/MAIN/IP2); empty above building level
 *     and for departments and virtual meters, which may span buildings
 */
public record Node(String hierarchy, String level, String id, String building) implements Serializable {}
