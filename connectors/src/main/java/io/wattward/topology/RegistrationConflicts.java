package io.wattward.topology;

import io.wattward.schema.MeterRegistration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two registrations of the same meter from the same moment must say the same thing: one of them is a
 * mistake (a meter entered in two buildings), and which one the jobs would follow would depend on the
 * order they read them. Loading the same registration again is fine.
 */
public final class RegistrationConflicts {
  private RegistrationConflicts() {}

  /**
   * What in {@code loading} (rows of {@code source}, the first registration on line 2) contradicts itself or
   * {@code existing}; empty if nothing does.
   */
  public static List<String> find(String source, List<MeterRegistration> loading, List<MeterRegistration> existing) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (int i = 0; i < loading.size(); i++) {
      MeterRegistration r = loading.get(i);
      String key = key(r);
      Integer earlier = lineOf.putIfAbsent(key, i);
      if (earlier != null && !loading.get(earlier).equals(r)) {
        problems.add(source + " lines " + (earlier + 2) + " and " + (i + 2) + " register meter " + r.getMeterId()
            + " from " + r.getEffectiveFrom() + " differently (" + difference(loading.get(earlier), r) + ")");
      }
    }
    Map<String, MeterRegistration> registered = new HashMap<>();
    for (MeterRegistration r : existing) {
      registered.put(key(r), r);
    }
    for (int i = 0; i < loading.size(); i++) {
      MeterRegistration r = loading.get(i);
      MeterRegistration before = registered.get(key(r));
      if (before != null && !before.equals(r)) {
        problems.add(source + " line " + (i + 2) + " registers meter " + r.getMeterId() + " from "
            + r.getEffectiveFrom() + " differently from the registration already loaded (" + difference(before, r)
            + "); a change takes effect with a new effective_from");
      }
    }
    return problems;
  }

  private static String key(MeterRegistration r) {
    return r.getMeterId() + "|" + r.getEffectiveFrom();
  }

  /** The first fields that differ, as "building: IP1 / IP2". */
  static String difference(MeterRegistration a, MeterRegistration b) {
    List<String> out = new ArrayList<>();
    for (var field : MeterRegistration.getClassSchema().getFields()) {
      Object x = a.get(field.pos());
      Object y = b.get(field.pos());
      if (x instanceof org.apache.avro.generic.GenericRecord gx && y instanceof org.apache.avro.generic.GenericRecord gy) {
        for (var sub : gx.getSchema().getFields()) {
          if (!java.util.Objects.equals(gx.get(sub.pos()), gy.get(sub.pos()))) {
            out.add(sub.name() + ": " + gx.get(sub.pos()) + " / " + gy.get(sub.pos()));
          }
        }
      } else if (!java.util.Objects.equals(x, y)) {
        out.add(field.name() + ": " + x + " / " + y);
      }
    }
    return String.join(", ", out.subList(0, Math.min(3, out.size())));
  }
}
