package io.wattward.environment;

import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.schema.EnvReading;
import io.wattward.topology.EnvFactor;
import io.wattward.topology.SensorInfo;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks an environment reading against the sensor registry and physics: a known sensor set, a time
 * not far in the future, at least one factor, and every value finite and physically possible (a
 * relative humidity of 130% is a broken sensor, not a humid room). Pure.
 */
public final class EnvValidator implements Serializable {

  /** Either a sample or the reason there is none. */
  public record Result(EnvSample sample, Rejection rejection) {}

  private static final EnvFactor[] FACTORS = EnvFactor.values();

  private final long maxFutureSkewMs;

  public EnvValidator(long maxFutureSkewMs) {
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  public Result validate(EnvReading r, Map<String, SensorInfo> sensors, long nowMs) {
    if (!sensors.containsKey(r.getSensorId())) {
      return reject(RejectReason.UNKNOWN_SENSOR, "sensor " + r.getSensorId() + " is not in the sensor registry");
    }
    long t = r.getEventTime().toEpochMilli();
    if (t > nowMs + maxFutureSkewMs) {
      return reject(RejectReason.FAR_FUTURE, "event time " + r.getEventTime() + " is more than "
          + maxFutureSkewMs / 1000 + " s ahead of the clock (" + Instant.ofEpochMilli(nowMs) + ")");
    }
    double[] values = new double[FACTORS.length];
    Arrays.fill(values, Double.NaN);
    boolean any = false;
    for (EnvFactor f : FACTORS) {
      Double v = f.of(r);
      if (v == null) {
        continue;
      }
      if (!Double.isFinite(v)) {
        return reject(RejectReason.NOT_FINITE, f.field + " is " + v);
      }
      if (v < f.physicalMin || v > f.physicalMax) {
        return reject(RejectReason.IMPLAUSIBLE, f.field + " " + v + " is outside the physically possible range ["
            + f.physicalMin + ", " + f.physicalMax + "]: a faulty sensor");
      }
      values[f.ordinal()] = v;
      any = true;
    }
    if (!any) {
      return reject(RejectReason.EMPTY_READING, "the reading carries no factor");
    }
    EnvSample s = new EnvSample();
    s.sensorId = r.getSensorId();
    s.eventTimeMs = t;
    s.values = values;
    return new Result(s, null);
  }

  private static Result reject(RejectReason reason, String detail) {
    return new Result(null, new Rejection(reason, detail));
  }
}
