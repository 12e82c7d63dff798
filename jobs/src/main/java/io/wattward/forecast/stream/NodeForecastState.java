package io.wattward.forecast.stream;

import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.DeviationDetector;
import io.wattward.anomaly.Severity;
import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.LoadForecaster;
import io.wattward.forecast.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one node's forecasting remembers between hours (key: node and energy type): its forecaster,
 * the forecasts issued for the hours still to come, the day-ahead accuracy sums, the daily totals of the
 * month outlook, and the residual detection's count of hours and run of hours outside the interval with
 * the anomaly it has open. Mutated by {@link NodeForecastStep}; stored in the versioned format of
 * {@link #write}.
 */
public final class NodeForecastState {

  public static final int FORMAT_VERSION = 2;

  final LoadForecaster forecaster;
  final AccuracyTracker accuracy;
  final DailyForecast daily;
  /** By hour start (epoch ms): what was forecast for the hours not taken up yet. */
  final TreeMap<Long, IssuedForecast> issued;
  int hoursSeen;
  DeviationDetector.State deviation = new DeviationDetector.State();
  /** The JUMP and NIGHT_BASE_LOAD anomalies open, or null. */
  AnomalyLifecycle.Open openJump;
  AnomalyLifecycle.Open openNight;
  /** A FORECAST_RESIDUAL anomaly a format-1 state had open: resolved at the next hour. */
  AnomalyLifecycle.Open legacyResidual;

  private NodeForecastState(LoadForecaster forecaster, AccuracyTracker accuracy, DailyForecast daily,
      TreeMap<Long, IssuedForecast> issued) {
    this.forecaster = forecaster;
    this.accuracy = accuracy;
    this.daily = daily;
    this.issued = issued;
  }

  /** A node never seen: a forecaster with these settings and nothing else. */
  public static NodeForecastState fresh(ForecastSettings settings) {
    return new NodeForecastState(new LoadForecaster(settings), new AccuracyTracker(), new DailyForecast(),
        new TreeMap<>());
  }

  public LoadForecaster forecaster() {
    return forecaster;
  }

  public int hoursSeen() {
    return hoursSeen;
  }

  public DeviationDetector.State deviation() {
    return deviation;
  }

  public AnomalyLifecycle.Open openJump() {
    return openJump;
  }

  public AnomalyLifecycle.Open openNight() {
    return openNight;
  }

  /** The hours forecast and not taken up yet, by hour start (read-only view). */
  public Map<Long, IssuedForecast> issued() {
    return java.util.Collections.unmodifiableMap(issued);
  }

  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    forecaster.write(out);
    accuracy.write(out);
    daily.write(out);
    out.writeInt(issued.size());
    for (Map.Entry<Long, IssuedForecast> e : issued.entrySet()) {
      IssuedForecast f = e.getValue();
      out.writeLong(e.getKey());
      out.writeDouble(f.hourAheadKwh);
      out.writeDouble(f.hourAheadLowerKwh);
      out.writeDouble(f.hourAheadUpperKwh);
      out.writeDouble(f.dayAheadKwh);
    }
    out.writeInt(hoursSeen);
    writeDeviation(out, deviation);
    writeOpen(out, openJump);
    writeOpen(out, openNight);
  }

  public static NodeForecastState read(DataInput in) throws IOException {
    int version = StateFormat.readVersion(in, "NodeForecastState", FORMAT_VERSION);
    LoadForecaster forecaster = LoadForecaster.read(in);
    AccuracyTracker accuracy = AccuracyTracker.read(in);
    DailyForecast daily = DailyForecast.read(in);
    TreeMap<Long, IssuedForecast> issued = new TreeMap<>();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      long hour = in.readLong();
      IssuedForecast f = new IssuedForecast();
      f.hourAheadKwh = in.readDouble();
      f.hourAheadLowerKwh = in.readDouble();
      f.hourAheadUpperKwh = in.readDouble();
      f.dayAheadKwh = in.readDouble();
      issued.put(hour, f);
    }
    NodeForecastState s = new NodeForecastState(forecaster, accuracy, daily, issued);
    s.hoursSeen = in.readInt();
    if (version == 1) {
      in.readInt(); // the residual detection's run of hours outside the interval
      s.legacyResidual = readOpen(in);
      return s;
    }
    s.deviation = readDeviation(in);
    s.openJump = readOpen(in);
    s.openNight = readOpen(in);
    return s;
  }

  private static void writeDeviation(DataOutput out, DeviationDetector.State d) throws IOException {
    StateFormat.writeDoubles(out, d.meanSquare);
    for (int seen : d.seen) {
      out.writeInt(seen);
    }
    out.writeDouble(d.level);
    out.writeLong(d.firstHourMs);
    writeRun(out, d.up);
    writeRun(out, d.down);
    writePeriod(out, d.day);
    writePeriod(out, d.night);
    out.writeBoolean(d.jumpOpen);
    out.writeLong(d.openingDay);
    out.writeInt(d.openingsToday);
    out.writeInt(d.suppressed);
    out.writeLong(d.suppressedTotal);
  }

  private static DeviationDetector.State readDeviation(DataInput in) throws IOException {
    DeviationDetector.State d = new DeviationDetector.State();
    StateFormat.readDoubles(in, d.meanSquare, "DeviationDetector meanSquare");
    for (int i = 0; i < d.seen.length; i++) {
      d.seen[i] = in.readInt();
    }
    d.level = in.readDouble();
    d.firstHourMs = in.readLong();
    d.up = readRun(in);
    d.down = readRun(in);
    d.day = readPeriod(in);
    d.night = readPeriod(in);
    d.jumpOpen = in.readBoolean();
    d.openingDay = in.readLong();
    d.openingsToday = in.readInt();
    d.suppressed = in.readInt();
    d.suppressedTotal = in.readLong();
    return d;
  }

  private static void writeRun(DataOutput out, DeviationDetector.Run r) throws IOException {
    out.writeDouble(r.evidence);
    out.writeLong(r.startMs);
    out.writeDouble(r.excess);
    out.writeDouble(r.expected);
    out.writeBoolean(r.open);
  }

  private static DeviationDetector.Run readRun(DataInput in) throws IOException {
    DeviationDetector.Run r = new DeviationDetector.Run();
    r.evidence = in.readDouble();
    r.startMs = in.readLong();
    r.excess = in.readDouble();
    r.expected = in.readDouble();
    r.open = in.readBoolean();
    return r;
  }

  private static void writePeriod(DataOutput out, DeviationDetector.Period p) throws IOException {
    out.writeLong(p.startMs);
    out.writeDouble(p.residual);
    out.writeDouble(p.expected);
    out.writeDouble(p.actual);
    out.writeInt(p.hours);
    out.writeDouble(p.meanSquare);
    out.writeInt(p.seen);
    writeRun(out, p.run);
  }

  private static DeviationDetector.Period readPeriod(DataInput in) throws IOException {
    DeviationDetector.Period p = new DeviationDetector.Period();
    p.startMs = in.readLong();
    p.residual = in.readDouble();
    p.expected = in.readDouble();
    p.actual = in.readDouble();
    p.hours = in.readInt();
    p.meanSquare = in.readDouble();
    p.seen = in.readInt();
    p.run = readRun(in);
    return p;
  }

  private static void writeOpen(DataOutput out, AnomalyLifecycle.Open o) throws IOException {
    out.writeBoolean(o != null);
    if (o == null) {
      return;
    }
    StateFormat.writeNullableString(out, o.anomalyId);
    out.writeLong(o.startedAt);
    StateFormat.writeNullableString(out, o.severity == null ? null : o.severity.name());
    out.writeDouble(o.expected);
    out.writeDouble(o.actual);
    out.writeDouble(o.peakDeviationPct);
    out.writeDouble(o.publishedPeakPct);
    out.writeDouble(o.excessEnergy);
    out.writeDouble(o.excessCost);
    StateFormat.writeNullableString(out, o.detail);
    out.writeLong(o.version);
  }

  private static AnomalyLifecycle.Open readOpen(DataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    AnomalyLifecycle.Open o = new AnomalyLifecycle.Open();
    o.anomalyId = StateFormat.readNullableString(in);
    o.startedAt = in.readLong();
    String severity = StateFormat.readNullableString(in);
    o.severity = severity == null ? null : Severity.valueOf(severity);
    o.expected = in.readDouble();
    o.actual = in.readDouble();
    o.peakDeviationPct = in.readDouble();
    o.publishedPeakPct = in.readDouble();
    o.excessEnergy = in.readDouble();
    o.excessCost = in.readDouble();
    o.detail = StateFormat.readNullableString(in);
    o.version = in.readLong();
    return o;
  }
}
