package io.wattward.anomaly.evaluation;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.DeviationDetector;
import io.wattward.anomaly.FlatlineDetector;
import io.wattward.anomaly.Severity;
import io.wattward.anomaly.Verdict;
import io.wattward.config.WattwardConfig;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.NodeForecastState;
import io.wattward.forecast.stream.NodeForecastStep;
import io.wattward.forecast.stream.NodeHour;
import io.wattward.schema.Anomaly;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Replays an hourly series through the detectors the way the jobs run them, without Flink: each hour is a
 * building's hourly total taken up by the forecast job's {@link NodeForecastStep} (the node's load forecaster
 * and its {@link DeviationDetector}: JUMP and NIGHT_BASE_LOAD, the same class the job calls, with the
 * outdoor temperature and holiday calendar as drivers) and also a meter's reading with a one-hour step
 * (FLATLINE, and OFFLINE when no reading comes for {@code offline.minutes} after the hour a reading covered,
 * as the anomaly job's {@code MeterMinuteDetection} timer). Every hour trains the detectors; only openings
 * published at or after {@code scoreFromMs} are returned, so the hours before only warm them up.
 */
public final class DetectorReplay {

  private static final long HOUR_MS = HourlySeries.HOUR_MS;
  private static final String LEVEL = "building";

  private final NodeForecastStep model;
  private final FlatlineDetector flatline;
  private final long offlineMs;
  private final String energyType;
  private final String unit;
  private final LongToDoubleFunction outdoorC;

  /**
   * @param model null: JUMP and NIGHT_BASE_LOAD not run
   * @param flatline null: not run (its step must be an hour)
   * @param offlineMs no reading for this long after a reading's hour opens OFFLINE; 0 or less: not run
   * @param outdoorC the outdoor temperature of the hour starting at the given epoch ms (NaN: unknown)
   */
  public DetectorReplay(NodeForecastStep model, FlatlineDetector flatline, long offlineMs, String energyType,
      String unit, LongToDoubleFunction outdoorC) {
    this.model = model;
    this.flatline = flatline;
    this.offlineMs = offlineMs;
    this.energyType = energyType;
    this.unit = unit;
    this.outdoorC = outdoorC;
  }

  /** All four detectors with the jobs' settings for a building node and meter of {@code energyType}. */
  public static DetectorReplay forBuilding(WattwardConfig.Anomalies a, ZoneId zone, HolidayCalendar calendar,
      String energyType, String unit, LongToDoubleFunction outdoorC) {
    // meter settings are looked up at level "meter", as MeterMinuteDetection does
    FlatlineDetector flatline = new FlatlineDetector(zone,
        (int) WattwardConfig.lookup(a.flatline().minutes(), "meter", energyType),
        WattwardConfig.lookup(a.flatline().minExpectedInRun(), "meter", energyType), HOUR_MS,
        a.flatline().minReadings(), a.flatline().routineDays());
    long offlineMs = (long) (WattwardConfig.lookup(a.offline().minutes(), "meter", energyType) * 60_000L);
    return new DetectorReplay(new NodeForecastStep(zone, calendar, a.deviation()), flatline, offlineMs, energyType,
        unit, outdoorC);
  }

  /** The openings published at or after {@code scoreFromMs}, in the order they were published. */
  public List<Opening> replay(HourlySeries series, long scoreFromMs) {
    List<Opening> openings = new ArrayList<>();
    Map<String, Track> tracks = new HashMap<>();
    for (String kind : AnomalyQuality.METER_DETECTORS) {
      tracks.put(kind, new Track(kind, series.id(), scoreFromMs, openings));
    }
    Track flat = tracks.get(AnomalyKind.FLATLINE.name());
    Track offline = tracks.get(AnomalyKind.OFFLINE.name());
    NodeForecastState state = NodeForecastState.fresh(NodeForecastStep.settings());
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
      if (model != null) {
        NodeHour h = new NodeHour();
        h.level = LEVEL;
        h.nodeId = series.id();
        h.building = series.id();
        h.energyType = energyType;
        h.unit = unit;
        h.hourStartMs = hour;
        h.consumption = value;
        NodeForecastStep.Outcome o = model.take(state, h, new NodeForecastStep.Drivers(outdoorC.applyAsDouble(hour),
            key -> null));
        // published when the hour (for NIGHT_BASE_LOAD the night's last hour) is taken up, at its end
        o.anomalies().forEach(e -> tracks.get(e.getKind()).record(e, hour + HOUR_MS));
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
      if (step.event() != null) {
        record(step.event(), publishedAtMs);
      }
    }

    /** Records an anomaly event published at {@code publishedAtMs}. */
    void record(Anomaly e, long publishedAtMs) {
      switch (e.getStatus()) {
        case "OPEN" -> {
          index = publishedAtMs >= scoreFromMs ? openings.size() : -1;
          if (index >= 0) {
            openings.add(new Opening(subject.kind(), subject.nodeId(), e.getStartedAt().toEpochMilli(), publishedAtMs,
                Opening.STILL_OPEN, Severity.valueOf(e.getSeverity()), e.getPeakDeviationPct(), e.getDetail(),
                e.getExcessEnergy()));
          }
        }
        case "UPDATE", "RESOLVED" -> {
          if (index >= 0) {
            Opening o = openings.get(index);
            long ended = "RESOLVED".equals(e.getStatus()) ? e.getEndedAt().toEpochMilli() : Opening.STILL_OPEN;
            openings.set(index, new Opening(o.kind(), o.series(), o.startedAtMs(), o.detectedAtMs(), ended,
                Severity.valueOf(e.getSeverity()), e.getPeakDeviationPct(), e.getDetail(), e.getExcessEnergy()));
          }
        }
        default -> throw new IllegalStateException("unknown anomaly status " + e.getStatus());
      }
    }
  }
}
