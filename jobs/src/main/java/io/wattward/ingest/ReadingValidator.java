package io.wattward.ingest;

import io.wattward.normalize.IntervalEnergy;
import io.wattward.schema.MeterReading;
import io.wattward.schema.QualityFlag;
import io.wattward.topology.MeterRegistry;
import io.wattward.topology.MeterSpec;
import java.io.Serializable;
import java.time.Instant;

/**
 * Decides whether a decoded reading can be used, against the meter registry and the wall clock.
 * The result holds either the sample to use or the rejection that says why not.
 */
public final class ReadingValidator implements Serializable {

  /** Readings before this are certainly a meter clock that lost its setting. */
  static final long EARLIEST_PLAUSIBLE_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  private final MeterRegistry registry;
  private final long maxFutureSkewMs;

  /** Exactly one of the two is set. */
  public record Result(MeterSample sample, Rejection rejection) {}

  public ReadingValidator(MeterRegistry registry, long maxFutureSkewMs) {
    this.registry = registry;
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  public Result validate(MeterReading r, long nowMs) {
    MeterSpec spec = registry.find(r.getMeterId());
    if (spec == null) {
      return reject(RejectReason.UNKNOWN_METER, "meter " + r.getMeterId() + " is not in the registry");
    }
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
    if (r.getValueKind() != spec.kind()) {
      return reject(RejectReason.KIND_MISMATCH, "meter reports " + r.getValueKind()
          + " but is registered as " + spec.kind());
    }
    if (!r.getUnit().equals(spec.unit())) {
      return reject(RejectReason.UNIT_MISMATCH, "unit " + r.getUnit() + " but meter is registered in "
          + spec.unit());
    }
    if (r.getQuality() == QualityFlag.BAD) {
      return reject(RejectReason.BAD_QUALITY, "gateway flagged the reading BAD");
    }
    MeterSample s = new MeterSample();
    s.meterId = r.getMeterId();
    s.eventTimeMs = t;
    s.valueMilli = MeterSample.toMilli(value);
    s.kind = spec.kind();
    s.consumedUnit = IntervalEnergy.consumedUnit(spec.kind(), spec.unit());
    s.multiplier = spec.multiplier();
    s.registerCapacityMilli = MeterSample.toMilli(spec.registerCapacity());
    return new Result(s, null);
  }

  private static Result reject(RejectReason reason, String detail) {
    return new Result(null, new Rejection(reason, detail));
  }
}
