package io.wattward.anomaly.evaluation;

import io.wattward.anomaly.Severity;
import java.time.Instant;

/**
 * One anomaly the detectors opened in a replay: its kind (JUMP, NIGHT_BASE_LOAD, FLATLINE, OFFLINE), the
 * start the job would write ({@code startedAtMs}), the event time at which the job would publish the
 * opening ({@code detectedAtMs}: the end of the judged hour or night, or the offline timer), its end
 * ({@link #STILL_OPEN} if the data ended first) and, over its life, its highest severity, peak deviation,
 * the detail of the peak and the excess energy it found.
 */
public record Opening(String kind, String series, long startedAtMs, long detectedAtMs, long endedAtMs,
    Severity severity, double peakDeviationPct, String detail, double excessEnergy) {

  public Opening(String kind, String series, long startedAtMs, long detectedAtMs, long endedAtMs, Severity severity,
      double peakDeviationPct, String detail) {
    this(kind, series, startedAtMs, detectedAtMs, endedAtMs, severity, peakDeviationPct, detail, 0);
  }

  public static final long STILL_OPEN = Long.MAX_VALUE;

  public double hoursOpen() {
    return endedAtMs == STILL_OPEN ? Double.NaN : (endedAtMs - startedAtMs) / 3_600_000.0;
  }

  @Override
  public String toString() {
    return kind + " " + series + " detected " + Instant.ofEpochMilli(detectedAtMs) + " " + severity + " " + detail;
  }
}
