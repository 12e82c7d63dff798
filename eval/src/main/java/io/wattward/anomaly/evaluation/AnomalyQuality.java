package io.wattward.anomaly.evaluation;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.FlatlineDetector;
import io.wattward.anomaly.JumpDetector;
import io.wattward.config.WattwardConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline evaluation of the anomaly detectors (docs/anomaly-quality.md): the NAB series with its
 * labelled windows, and anomalies injected into the Cambridge 2017 electricity and gas series after the
 * detectors learned 2016.
 */
public final class AnomalyQuality {

  /** Cambridge buildings' local time: the night and the hour of the week are local */
  public static final ZoneId CAMBRIDGE_ZONE = ZoneId.of("Europe/London");
  /** UK natural gas: about 39.5 MJ/m3 x 1.02264 (volume correction) / 3.6 MJ/kWh */
  public static final double GAS_KWH_PER_M3 = 11.2;
  public static final long TRAIN_FROM_MS = Instant.parse("2016-01-01T00:00:00Z").toEpochMilli();
  public static final long SCORE_FROM_MS = Instant.parse("2017-01-01T00:00:00Z").toEpochMilli();
  public static final long SCORE_TO_MS = Instant.parse("2018-01-01T00:00:00Z").toEpochMilli();
  /**
   * The NAB series is an office's air temperature in degrees F: a jump is a departure of at least 5 F
   * (about 2.8 K, more than a thermostat's dead band and about the width of a comfort band) from the
   * usual for the hour of the week, either way; the percentage (5 % of about 70 F = 3.5 F) is set below
   * it so the absolute 5 F decides; critical from 15 % (about 10 F).
   */
  public static final double NAB_THRESHOLD_PCT = 5.0;
  public static final double NAB_CRITICAL_PCT = 15.0;
  public static final double NAB_MIN_EXCESS_F = 5.0;
  public static final String NAB_FILE = "anomaly-dev/ambient_temperature_system_failure.labelled.csv";
  public static final String ELECTRICITY_FILE = "cambridge-dev/electricity_hourly_2016_2017.csv";
  public static final String GAS_FILE = "cambridge-dev/gas_hourly_2016_2017.csv";
  public static final List<String> METER_DETECTORS = List.of(AnomalyKind.JUMP.name(),
      AnomalyKind.NIGHT_BASE_LOAD.name(), AnomalyKind.FLATLINE.name(), AnomalyKind.OFFLINE.name());
  private static final double DAYS_PER_MONTH = 365.2425 / 12;

  private AnomalyQuality() {}

  /**
   * One evaluated data set: its events (injected or labelled), the openings in the scored period (which
   * ends at {@code endMs}), their score, and (for injected data) the score of the same replay without
   * injections.
   */
  public record Dataset(String name, String unit, int seriesCount, double months, long endMs,
      List<InjectedEvent> events, List<Opening> openings, DetectionScore.Score score, DetectionScore.Score clean) {}

  /**
   * The flatline detector alone with runs of {@code runHours}: how many injected flatlines it finds and
   * its false alarms on the same series without injections. A sensitivity, not the configured setting.
   */
  public record FlatlineRun(String dataset, int runHours, int flatlines, int detected,
      double cleanFalseAlarmsPerMeterMonth) {}

  public record Report(long seed, List<Dataset> datasets, List<FlatlineRun> flatlineRuns) {}

  public static final List<Integer> FLATLINE_RUN_HOURS = List.of(2, 6, 12);
  private static final List<EventKind> ELECTRICITY_EVENTS = List.of(EventKind.BASE_LOAD_STEP, EventKind.NIGHT_LIGHTS,
      EventKind.FLATLINE, EventKind.SILENT_METER, EventKind.SPIKE);
  // lighting is electric: no lights at night in the gas series
  private static final List<EventKind> GAS_EVENTS = List.of(EventKind.BASE_LOAD_STEP, EventKind.FLATLINE,
      EventKind.SILENT_METER, EventKind.SPIKE);

  public static Report evaluate(Path dataDir, long seed, WattwardConfig.Anomalies settings) {
    List<HourlySeries> electricity = SeriesFiles.cambridge(dataDir.resolve(ELECTRICITY_FILE), 1);
    List<HourlySeries> gas = SeriesFiles.cambridge(dataDir.resolve(GAS_FILE), 1 / GAS_KWH_PER_M3);
    List<Dataset> datasets = List.of(nab(dataDir.resolve(NAB_FILE), settings),
        injected("cambridge electricity", electricity, "ELECTRICITY", "kWh", ELECTRICITY_EVENTS, seed, settings),
        injected("cambridge gas", gas, "NATURAL_GAS", "m3", GAS_EVENTS, seed, settings));
    List<FlatlineRun> runs = new ArrayList<>();
    for (int hours : FLATLINE_RUN_HOURS) {
      runs.add(flatlineRun("cambridge electricity", electricity, "ELECTRICITY", "kWh", ELECTRICITY_EVENTS, hours, seed,
          settings));
    }
    for (int hours : FLATLINE_RUN_HOURS) {
      runs.add(flatlineRun("cambridge gas", gas, "NATURAL_GAS", "m3", GAS_EVENTS, hours, seed, settings));
    }
    return new Report(seed, datasets, runs);
  }

  /** The jump detector both ways on the NAB series, from its first hour (no training year), against its windows. */
  static Dataset nab(Path csv, WattwardConfig.Anomalies settings) {
    SeriesFiles.Labelled labelled = SeriesFiles.nab(csv, "nab-ambient-temperature");
    HourlySeries s = labelled.series();
    DetectorReplay replay = new DetectorReplay(nabJump(settings), null, null, 0, "OTHER", "F");
    List<Opening> openings = replay.replay(s, s.firstHourMs());
    double months = (s.hourMs(s.size()) - s.firstHourMs()) / (DAYS_PER_MONTH * 86_400_000L);
    return new Dataset("NAB ambient temperature", "F", 1, months, s.hourMs(s.size()), labelled.windows(), openings,
        DetectionScore.score(labelled.windows(), openings, List.of(AnomalyKind.JUMP.name()), 1, months), null);
  }

  public static JumpDetector nabJump(WattwardConfig.Anomalies settings) {
    return new JumpDetector(ZoneOffset.UTC, NAB_THRESHOLD_PCT, NAB_CRITICAL_PCT, NAB_MIN_EXCESS_F,
        settings.jump().baselineWeight(), settings.jump().minWeeks(), true, settings.jump().confirmHours());
  }

  /** Injects into 2017, replays 2016 (learning only) and 2017 (scored), with and without the injections. */
  static Dataset injected(String name, List<HourlySeries> series, String energyType, String unit,
      List<EventKind> kinds, long seed, WattwardConfig.Anomalies settings) {
    DetectorReplay replay = DetectorReplay.forBuilding(settings, CAMBRIDGE_ZONE, energyType, unit);
    List<InjectedEvent> events = new ArrayList<>();
    List<Opening> openings = new ArrayList<>();
    List<Opening> cleanOpenings = new ArrayList<>();
    for (HourlySeries s : series) {
      HourlySeries scored = within(s, TRAIN_FROM_MS, SCORE_TO_MS);
      AnomalyInjector.Injected injected = AnomalyInjector.inject(scored, SCORE_FROM_MS, SCORE_TO_MS, kinds, seed,
          CAMBRIDGE_ZONE);
      events.addAll(injected.events());
      openings.addAll(replay.replay(injected.series(), SCORE_FROM_MS));
      cleanOpenings.addAll(replay.replay(scored, SCORE_FROM_MS));
    }
    double months = (SCORE_TO_MS - SCORE_FROM_MS) / (DAYS_PER_MONTH * 86_400_000L);
    return new Dataset(name, unit, series.size(), months, SCORE_TO_MS, events, openings,
        DetectionScore.score(events, openings, METER_DETECTORS, series.size(), months),
        DetectionScore.score(List.of(), cleanOpenings, METER_DETECTORS, series.size(), months));
  }

  static FlatlineRun flatlineRun(String name, List<HourlySeries> series, String energyType, String unit,
      List<EventKind> kinds, int runHours, long seed, WattwardConfig.Anomalies settings) {
    FlatlineDetector flatline = new FlatlineDetector(CAMBRIDGE_ZONE, runHours * 60,
        WattwardConfig.lookup(settings.flatline().minExpectedInRun(), "meter", energyType), HourlySeries.HOUR_MS, 1);
    DetectorReplay replay = new DetectorReplay(null, null, flatline, 0, energyType, unit);
    List<InjectedEvent> flatlines = new ArrayList<>();
    List<Opening> openings = new ArrayList<>();
    List<Opening> cleanOpenings = new ArrayList<>();
    for (HourlySeries s : series) {
      HourlySeries scored = within(s, TRAIN_FROM_MS, SCORE_TO_MS);
      AnomalyInjector.Injected injected = AnomalyInjector.inject(scored, SCORE_FROM_MS, SCORE_TO_MS, kinds, seed,
          CAMBRIDGE_ZONE);
      injected.events().stream().filter(e -> e.kind() == EventKind.FLATLINE).forEach(flatlines::add);
      openings.addAll(replay.replay(injected.series(), SCORE_FROM_MS));
      cleanOpenings.addAll(replay.replay(scored, SCORE_FROM_MS));
    }
    double months = (SCORE_TO_MS - SCORE_FROM_MS) / (DAYS_PER_MONTH * 86_400_000L);
    List<String> detectors = List.of(AnomalyKind.FLATLINE.name());
    DetectionScore.Score score = DetectionScore.score(flatlines, openings, detectors, series.size(), months);
    DetectionScore.Score clean = DetectionScore.score(List.of(), cleanOpenings, detectors, series.size(), months);
    return new FlatlineRun(name, runHours, flatlines.size(), score.recall().get(0).detected(),
        clean.all().falseAlarmsPerMeterMonth());
  }

  /** The hours [fromMs, toMs) of a series, NaN where it has none. */
  static HourlySeries within(HourlySeries s, long fromMs, long toMs) {
    double[] v = new double[(int) ((toMs - fromMs) / HourlySeries.HOUR_MS)];
    for (int i = 0; i < v.length; i++) {
      long at = fromMs + i * HourlySeries.HOUR_MS;
      int j = (int) Math.floorDiv(at - s.firstHourMs(), HourlySeries.HOUR_MS);
      v[i] = j >= 0 && j < s.size() ? s.values()[j] : Double.NaN;
    }
    return new HourlySeries(s.id(), fromMs, v);
  }
}
