package io.wattward.ingest;

import io.wattward.hierarchy.MeterTopology;
import io.wattward.normalize.CanonicalUnits;
import io.wattward.normalize.IntervalEnergy;
import io.wattward.normalize.LedgerReading;
import io.wattward.schema.MeterReading;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.QualityFlag;
import java.io.Serializable;
import java.time.Instant;

/**
 * Decides whether a decoded reading can be used, against the meter's registration in force at the
 * reading's time and the wall clock. The result holds either the sample to use or the rejection that
 * says why not.
 */
public final class ReadingValidator implements Serializable {

  /** Readings before this are certainly a meter clock that lost its setting. */
  static final long EARLIEST_PLAUSIBLE_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  private final long maxFutureSkewMs;

  /** Exactly one of the two is set. */
  public record Result(LedgerReading sample, Rejection rejection) {}

  public ReadingValidator(long maxFutureSkewMs) {
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  public Result validate(MeterReading r, MeterTopology topology, long nowMs) {
    double value = r.getValue();
    if (!Double.isFinite(value)) {
      return reject(RejectReason.NOT_FINITE, "value is " + value);
    }
    if (value < 0) {
      return reject(RejectReason.NEGATIVE, "value " + value + " is negative");
    }
    long t = r.getEventTime().toEpochMilli();
    if (t > nowMs + maxFutureSkewMs) {
      return reject(RejectReason.FAR_FUTURE, "event time " + r.getEventTime() + " is more than "
          + maxFutureSkewMs / 1000 + " s ahead of the clock (" + Instant.ofEpochMilli(nowMs) + ")");
    }
    if (t < EARLIEST_PLAUSIBLE_MS) {
      return reject(RejectReason.TIME_OUT_OF_RANGE, "event time " + r.getEventTime() + " is before 2000");
    }
    MeterRegistration spec = topology.at(r.getMeterId(), t);
    if (spec == null) {
      return reject(RejectReason.UNKNOWN_METER, "meter " + r.getMeterId() + " is not in the registry"
          + (topology.at(r.getMeterId(), Long.MAX_VALUE) == null ? "" : " at " + r.getEventTime()));
    }
    if (spec.getFormula() != null) {
      return reject(RejectReason.KIND_MISMATCH, "meter " + r.getMeterId() + " is virtual (" + spec.getFormula()
          + "); it has no readings of its own");
    }
    if (r.getValueKind() != spec.getValueKind()) {
      return reject(RejectReason.KIND_MISMATCH, "meter reports " + r.getValueKind()
          + " but is registered as " + spec.getValueKind());
    }
    if (!r.getUnit().equals(spec.getUnit())) {
      return reject(RejectReason.UNIT_MISMATCH, "unit " + r.getUnit() + " but meter is registered in "
          + spec.getUnit());
    }
    CanonicalUnits.Conversion conversion = CanonicalUnits.of(spec.getEnergyType(),
        IntervalEnergy.consumedUnit(spec.getValueKind(), spec.getUnit()));
    if (conversion == null) {
      return reject(RejectReason.UNIT_MISMATCH, "unit " + spec.getUnit() + " does not measure "
          + spec.getEnergyType());
    }
    if (r.getQuality() == QualityFlag.BAD) {
      return reject(RejectReason.BAD_QUALITY, "gateway flagged the reading BAD");
    }
    LedgerReading s = new LedgerReading();
    s.meterId = r.getMeterId();
    s.eventTimeMs = t;
    s.valueMilli = LedgerReading.toMilli(value);
    s.kind = spec.getValueKind();
    s.energyType = spec.getEnergyType().name();
    s.unit = conversion.unit();
    s.factor = spec.getMultiplier() * conversion.factor();
    s.registerCapacityMilli = spec.getRegisterCapacity() == null ? 0 : LedgerReading.toMilli(spec.getRegisterCapacity());
    s.maxMilliPerHour = spec.getMaxRatePerHour() == null ? 0
        : LedgerReading.toMilli(spec.getMaxRatePerHour() * conversion.factor());
    return new Result(s, null);
  }

  private static Result reject(RejectReason reason, String detail) {
    return new Result(null, new Rejection(reason, detail));
  }
}
