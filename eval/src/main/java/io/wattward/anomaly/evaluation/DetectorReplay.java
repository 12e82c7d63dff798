package io.wattward.anomaly.evaluation;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.FlatlineDetector;
import io.wattward.anomaly.HourOfWeekBaseline;
import io.wattward.anomaly.JumpDetector;
import io.wattward.anomaly.NightBaseLoadDetector;
import io.wattward.anomaly.Severity;
import io.wattward.anomaly.Verdict;
import io.wattward.config.WattwardConfig;
import io.wattward.jobs.anomaly.MeterMinuteDetection;
import io.wattward.jobs.anomaly.NodeWindowDetection;
import io.wattward.schema.Anomaly;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays an hourly series through the detectors the way the anomaly job runs them, without Flink: each
 * hour is a building's hourly node window (JUMP, NIGHT_BASE_LOAD, as {@code NodeWindowDetection}) and
 * also a meter's reading with a one-hour step (FLATLINE, and OFFLINE when no reading comes for
 * {@code offline.minutes} after the hour a reading covered, as {@code MeterMinuteDetection}'s timer).
 * Every hour trains the detectors; only openings published at or after {@code scoreFromMs} are returned,
 * so the hours before only warm the baselines.
 */
public final class DetectorReplay {

  private static final long HOUR_MS = HourlySeries.HOUR_MS;
  private static final String LEVEL = "building";

  private final JumpDetector jump;
  private final NightBaseLoadDetector night;
  private final FlatlineDetector flatline;
  private final long offlineMs;
  private final String energyType;
  private final String unit;

  /**
   * @param jump null: not run
   * @param night null: not run
   * @param flatline null: not run (its step must be an hour)
   * @param offlineMs no reading for this long after a reading's hour opens OFFLINE; 0 or less: not run
   */
  public DetectorReplay(JumpDetector jump, NightBaseLoadDetector night, FlatlineDetector flatline, long offlineMs,
      String energyType, String unit) {
    this.jump = jump;
    this.night = night;
    this.flatline = flatline;
    this.offlineMs = offlineMs;
    this.energyType = energyType;
    this.unit = unit;
  }

  /** All four detectors with the job's settings for a building node and meter of {@code energyType}. */
  public static DetectorReplay forBuilding(WattwardConfig.Anomalies a, ZoneId zone, String energyType, String unit) {
    WattwardConfig.Jump j = a.jump();
    WattwardConfig.NightBaseLoad n = a.nightBaseLoad();
    JumpDetector jump = new JumpDetector(zone, WattwardConfig.lookup(j.thresholdPct(), LEVEL, energyType),
        WattwardConfig.lookup(j.criticalPct(), LEVEL, energyType),
        WattwardConfig.lookup(j.minExcessPerHour(), LEVEL, energyType), j.baselineWeight(), j.minWeeks(), j.bothWays(),
        j.confirmHours());
    NightBaseLoadDetector night = new NightBaseLoadDetector(zone, n.fromHour(), n.toHour(), n.baselineNights(),
        WattwardConfig.lookup(n.thresholdPct(), LEVEL, energyType),
        WattwardConfig.lookup(n.minExcessPerHour(), LEVEL, energyType), n.consecutiveNights());
    // meter settings are looked up at level "meter", as MeterMinuteDetection does
    FlatlineDetector flatline = new FlatlineDetector(zone,
        (int) WattwardConfig.lookup(a.flatline().minutes(), "meter", energyType),
        WattwardConfig.lookup(a.flatline().minExpectedInRun(), "meter", energyType), HOUR_MS,
        a.flatline().minReadings());
    long offlineMs = (long) (WattwardConfig.lookup(a.offline().minutes(), "meter", energyType) * 60_000L);
    return new DetectorReplay(jump, night, flatline, offlineMs, energyType, unit);
  }

  /** The openings published at or after {@code scoreFromMs}, in the order they were published. */
  public List<Opening> replay(HourlySeries series, long scoreFromMs) {
    List<Opening> openings = new ArrayList<>();
    Track jumps = new Track(AnomalyKind.JUMP.name(), series.id(), scoreFromMs, openings);
    Track nights = new Track(AnomalyKind.NIGHT_BASE_LOAD.name(), series.id(), scoreFromMs, openings);
    Track flat = new Track(AnomalyKind.FLATLINE.name(), series.id(), scoreFromMs, openings);
    Track offline = new Track(AnomalyKind.OFFLINE.name(), series.id(), scoreFromMs, openings);
    HourOfWeekBaseline baseline = new HourOfWeekBaseline();
    NightBaseLoadDetector.Nights nightState = new NightBaseLoadDetector.Nights();
    FlatlineDetector.Run run = new FlatlineDetector.Run();
    long lastReadingMs = Long.MIN_VALUE;
    double[] values = series.values();
    for (int i = 0; i < values.length; i++) {
      double value = values[i];
      if (Double.isNaN(value)) {
        continue; // no window and no reading; the end of the data is not silence either
      }
      long hour = series.hourMs(i);
      if (offlineMs > 0 && lastReadingMs != Long.MIN_VALUE) {
        // the job's timer: due one step after the last reading plus offline.minutes; it fired if this reading
        // comes later than that (other meters move the watermark on meanwhile)
        long silentSince = lastReadingMs + HOUR_MS;
        long due = silentSince + offlineMs;
        if (hour > due) {
          offline.observe(Verdict.abnormal(Severity.WARNING, 0, 0, 0, 0, 0,
              "no data since hour " + java.time.Instant.ofEpochMilli(silentSince)), silentSince, due);
          offline.observe(Verdict.normal(0, 0), hour, hour);
        }
      }
      lastReadingMs = hour;
      if (jump != null) {
        Verdict v = jump.judge(baseline, hour, value, 0, unit);
        if (v != null) {
          jumps.observe(v, hour, hour + HOUR_MS);
        }
      }
      if (night != null) {
        Verdict v = night.add(nightState, hour, value, 0, unit);
        if (v != null) {
          nights.observe(v, hour + HOUR_MS, hour + HOUR_MS); // judged at the end of the night
        }
      }
      if (flatline != null) {
        Verdict v = flatline.add(run, hour, Math.round(value * 1000), unit);
        if (v != null) {
          flat.observe(v.abnormal() ? v.since(run.startMs) : v, hour, hour + HOUR_MS);
        }
      }
    }
    return openings;
  }

  /** One anomaly identity's lifecycle, recording its openings and their ends. */
  private final class Track {
    private final AnomalyLifecycle.Subject subject;
    private final long scoreFromMs;
    private final List<Opening> openings;
    AnomalyLifecycle.Open open;
    /** the index in openings of the open anomaly, -1 if it is not scored */
    private int index = -1;

    Track(String kind, String series, long scoreFromMs, List<Opening> openings) {
      this.subject = new AnomalyLifecycle.Subject(kind, LEVEL, series, series, energyType, "", unit);
      this.scoreFromMs = scoreFromMs;
      this.openings = openings;
    }

    void observe(Verdict v, long atMs, long publishedAtMs) {
      AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open, subject, v, atMs);
      open = step.open();
      Anomaly e = step.event();
      if (e == null) {
        return;
      }
      switch (e.getStatus()) {
        case "OPEN" -> {
          index = publishedAtMs >= scoreFromMs ? openings.size() : -1;
          if (index >= 0) {
            openings.add(new Opening(subject.kind(), subject.nodeId(), e.getStartedAt().toEpochMilli(), publishedAtMs,
                Opening.STILL_OPEN, Severity.valueOf(e.getSeverity()), e.getPeakDeviationPct(), e.getDetail()));
          }
        }
        case "UPDATE", "RESOLVED" -> {
          if (index >= 0) {
            Opening o = openings.get(index);
            long ended = "RESOLVED".equals(e.getStatus()) ? e.getEndedAt().toEpochMilli() : Opening.STILL_OPEN;
            openings.set(index, new Opening(o.kind(), o.series(), o.startedAtMs(), o.detectedAtMs(), ended,
                Severity.valueOf(e.getSeverity()), e.getPeakDeviationPct(), e.getDetail()));
          }
        }
        default -> throw new IllegalStateException("unknown anomaly status " + e.getStatus());
      }
    }
  }
}
