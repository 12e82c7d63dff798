package io.wattward.topology;

import io.wattward.schema.MeterRegistration;
import io.wattward.schema.ValueKind;
import java.io.Serializable;

/** What validation and normalisation need to know of one meter. */
public record MeterSpec(ValueKind kind, String unit, double multiplier, double registerCapacity)
    implements Serializable {

  public static MeterSpec of(MeterRegistration r) {
    return new MeterSpec(r.getValueKind(), r.getUnit(), r.getMultiplier(),
        r.getRegisterCapacity() == null ? 0.0 : r.getRegisterCapacity());
  }
}
