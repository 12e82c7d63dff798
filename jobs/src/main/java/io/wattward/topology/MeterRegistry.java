package io.wattward.topology;

import io.wattward.schema.MeterRegistration;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.wattward.topology.TopologyCsv;

/**
 * The meters a job accepts readings from, each with its current specification (the registration
 * with the latest effective-from wins). Immutable and small (a few hundred bytes per meter), so a
 * job ships it to every operator.
 */
public final class MeterRegistry implements Serializable {

  private final Map<String, MeterSpec> meters;

  private MeterRegistry(Map<String, MeterSpec> meters) {
    this.meters = meters;
  }

  public static MeterRegistry of(List<MeterRegistration> registrations) {
    Map<String, MeterSpec> meters = new HashMap<>();
    registrations.stream()
        .sorted(Comparator.comparing(MeterRegistration::getEffectiveFrom))
        .forEach(r -> meters.put(r.getMeterId(), MeterSpec.of(r)));
    return new MeterRegistry(meters);
  }

  public static MeterRegistry fromCsv(Path file) throws IOException {
    return of(TopologyCsv.read(file));
  }

  /** The meter's specification, or null if the meter is not registered. */
  public MeterSpec find(String meterId) {
    return meters.get(meterId);
  }

  public int size() {
    return meters.size();
  }
}
