package io.wattward.forecast.stream;

import io.wattward.anomaly.AnomalyLifecycle;
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

  public static final int FORMAT_VERSION = 1;

  final LoadForecaster forecaster;
  final AccuracyTracker accuracy;
  final DailyForecast daily;
  /** By hour start (epoch ms): what was forecast for the hours not taken up yet. */
  final TreeMap<Long, IssuedForecast> issued;
  int hoursSeen;
  /** Hours in a row whose actual was outside the hour-ahead interval. */
  int outsideRun;
  /** The FORECAST_RESIDUAL anomaly open, or null. */
  AnomalyLifecycle.Open open;

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

  public int outsideRun() {
    return outsideRun;
  }

  public AnomalyLifecycle.Open openAnomaly() {
    return open;
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
    out.writeInt(outsideRun);
    writeOpen(out, open);
  }

  public static NodeForecastState read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "NodeForecastState", FORMAT_VERSION);
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
    s.outsideRun = in.readInt();
    s.open = readOpen(in);
    return s;
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
