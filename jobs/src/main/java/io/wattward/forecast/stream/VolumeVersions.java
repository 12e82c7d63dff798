package io.wattward.forecast.stream;

import io.wattward.forecast.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The versions of one node's business volume for one local day as they were published, oldest first, at
 * most {@link #KEPT}: a plan published ahead, then corrections and the actuals. A forecast issued at a
 * time uses the latest version published by then. Immutable; stored in the versioned format of
 * {@link #write}.
 */
public final class VolumeVersions {

  public static final int KEPT = 4;
  public static final int FORMAT_VERSION = 1;

  /** One published version; NaN: the metric was not carried. */
  public record Version(long publishedAtMs, double outpatientVisits, double inpatientBedDays) {}

  /** Where the versions of a node and day are found: by {@link #key}; null when there are none. */
  @FunctionalInterface
  public interface Book {
    VolumeVersions get(String key);
  }

  private final List<Version> versions;

  private VolumeVersions(List<Version> versions) {
    this.versions = List.copyOf(versions);
  }

  /** The key of a node's day: node|epoch day. */
  public static String key(String nodeId, long epochDay) {
    return nodeId + "|" + epochDay;
  }

  /** The epoch day of a {@link #key}. */
  public static long dayOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
  }

  public List<Version> versions() {
    return versions;
  }

  /**
   * {@code kept} (null for none) with {@code v} added: it replaces a version published at the same time;
   * the newest {@link #KEPT} are kept.
   */
  public static VolumeVersions with(VolumeVersions kept, VolumeDay v) {
    List<Version> all = new ArrayList<>();
    for (Version old : kept == null ? List.<Version>of() : kept.versions) {
      if (old.publishedAtMs() != v.publishedAtMs) {
        all.add(old);
      }
    }
    all.add(new Version(v.publishedAtMs, v.outpatientVisits, v.inpatientBedDays));
    all.sort(Comparator.comparingLong(Version::publishedAtMs));
    return new VolumeVersions(all.subList(Math.max(0, all.size() - KEPT), all.size()));
  }

  /** The latest version published at or before {@code asOfMs}, or null. */
  public Version knownAt(long asOfMs) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (versions.get(i).publishedAtMs() <= asOfMs) {
        return versions.get(i);
      }
    }
    return null;
  }

  /**
   * The node's business volume for a local day as known at {@code asOfMs}: the latest version published
   * by then, for the node, else its building, else its campus; null if none.
   */
  public static Version known(Book book, NodeHour h, long epochDay, long asOfMs) {
    for (String node : new String[] {h.nodeId, h.building, campus(h.nodeId)}) {
      if (node == null || node.isEmpty()) {
        continue;
      }
      VolumeVersions versions = book.get(key(node, epochDay));
      Version v = versions == null ? null : versions.knownAt(asOfMs);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The campus a node belongs to: its first two path segments (hospital/campus). */
  public static String campus(String nodeId) {
    int first = nodeId.indexOf('/');
    int second = first < 0 ? -1 : nodeId.indexOf('/', first + 1);
    return second < 0 ? nodeId : nodeId.substring(0, second);
  }

  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    out.writeInt(versions.size());
    for (Version v : versions) {
      out.writeLong(v.publishedAtMs());
      out.writeDouble(v.outpatientVisits());
      out.writeDouble(v.inpatientBedDays());
    }
  }

  public static VolumeVersions read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "VolumeVersions", FORMAT_VERSION);
    int n = in.readInt();
    List<Version> versions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      versions.add(new Version(in.readLong(), in.readDouble(), in.readDouble()));
    }
    return new VolumeVersions(versions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VolumeVersions other && versions.equals(other.versions);
  }

  @Override
  public int hashCode() {
    return versions.hashCode();
  }

  @Override
  public String toString() {
    return versions.toString();
  }
}
