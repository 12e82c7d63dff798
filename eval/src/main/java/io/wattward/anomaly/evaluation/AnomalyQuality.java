package io.wattward.anomaly.evaluation;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.FlatlineDetector;
import io.wattward.config.WattwardConfig;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.evaluation.CambridgeData;
import io.wattward.forecast.stream.NodeForecastStep;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * The offline evaluation of the anomaly detectors (docs/anomaly-quality.md): the NAB series with its
 * labelled windows, and anomalies injected into the Cambridge electricity and gas series. Two splits, so
 * that settings are chosen on data the reported figures do not come from: {@link Split#TUNING} learns
 * January to March 2016 and scores April to December 2016; {@link Split#TEST} learns 2016 and scores 2017.
 */
public final class AnomalyQuality {

  /** Cambridge buildings' local time: the night and the hours of the day are local */
  public static final ZoneId CAMBRIDGE_ZONE = ZoneId.of("Europe/London");
  /** UK natural gas: about 39.5 MJ/m3 x 1.02264 (volume correction) / 3.6 MJ/kWh */
  public static final double GAS_KWH_PER_M3 = 11.2;
  public static final long TRAIN_FROM_MS = Instant.parse("2016-01-01T00:00:00Z").toEpochMilli();

  /** Which part of the data is learned only and which is injected into and scored. */
  public enum Split {
    /** the settings were chosen on this one: learn 2016-01..03, score 2016-04..12 */
    TUNING("2016-04-01", "2017-01-01"),
    /** the reported figures: learn 2016, score 2017 (never used to choose a setting) */
    TEST("2017-01-01", "2018-01-01");

    public final long scoreFromMs;
    public final long scoreToMs;

    Split(String from, String to) {
      this.scoreFromMs = Instant.parse(from + "T00:00:00Z").toEpochMilli();
      this.scoreToMs = Instant.parse(to + "T00:00:00Z").toEpochMilli();
    }

    public String describe() {
      return "learn " + Instant.ofEpochMilli(TRAIN_FROM_MS).toString().substring(0, 10) + " to "
          + Instant.ofEpochMilli(scoreFromMs).toString().substring(0, 10) + " (not scored), inject into and score "
          + Instant.ofEpochMilli(scoreFromMs).toString().substring(0, 10) + " to "
          + Instant.ofEpochMilli(scoreToMs).toString().substring(0, 10) + " (exclusive)";
    }
  }
  /**
   * The NAB series is an office's air temperature in degrees F, judged both ways: an hour counts as
   * evidence only when at least 5 F (about 2.8 K, more than a thermostat's dead band and about the width of
   * a comfort band) from expectation, chosen before the first run in 2026 and kept; critical from 15 %
   * (about 10 F). Every other setting is the energy one.
   */
  public static final double NAB_MIN_HOUR_EXCESS_F = 5.0;
  public static final double NAB_CRITICAL_PCT = 15.0;
  public static final String NAB_FILE = "anomaly-dev/ambient_temperature_system_failure.labelled.csv";
  public static final String ELECTRICITY_FILE = "cambridge-dev/electricity_hourly_2016_2017.csv";
  public static final String GAS_FILE = "cambridge-dev/gas_hourly_2016_2017.csv";
  public static final List<String> METER_DETECTORS = List.of(AnomalyKind.JUMP.name(),
      AnomalyKind.NIGHT_BASE_LOAD.name(), AnomalyKind.FLATLINE.name(), AnomalyKind.OFFLINE.name());
  /** the detectors of the load model alone (the NAB series has no meter) */
  public static final List<String> MODEL_DETECTORS = List.of(AnomalyKind.JUMP.name(),
      AnomalyKind.NIGHT_BASE_LOAD.name());
  public static final String WEATHER_DIR = "cambridge-dev";
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

  public record Report(long seed, Split split, List<Dataset> datasets, List<FlatlineRun> flatlineRuns) {}

  public static final List<Integer> FLATLINE_RUN_HOURS = List.of(2, 6, 12);
  private static final List<EventKind> ELECTRICITY_EVENTS = List.of(EventKind.BASE_LOAD_STEP, EventKind.NIGHT_LIGHTS,
      EventKind.FLATLINE, EventKind.SILENT_METER, EventKind.SPIKE);
  // lighting is electric: no lights at night in the gas series
  private static final List<EventKind> GAS_EVENTS = List.of(EventKind.BASE_LOAD_STEP, EventKind.FLATLINE,
      EventKind.SILENT_METER, EventKind.SPIKE);

  public static Report evaluate(Path dataDir, long seed, WattwardConfig.Anomalies settings, Split split) {
    List<HourlySeries> electricity = SeriesFiles.cambridge(dataDir.resolve(ELECTRICITY_FILE), 1);
    List<HourlySeries> gas = SeriesFiles.cambridge(dataDir.resolve(GAS_FILE), 1 / GAS_KWH_PER_M3);
    HolidayCalendar calendar = HolidayCalendar.fromResource(HolidayCalendar.CAMBRIDGE_RESOURCE);
    io.wattward.forecast.evaluation.HourlySeries weather = CambridgeData.outdoorTemperature(dataDir.resolve(WEATHER_DIR));
    LongToDoubleFunction outdoorC = ms -> weather.at(LocalDateTime.ofEpochSecond(ms / 1000, 0, ZoneOffset.UTC));
    Cambridge electric = new Cambridge("cambridge electricity", electricity, "ELECTRICITY", "kWh", ELECTRICITY_EVENTS);
    Cambridge gasData = new Cambridge("cambridge gas", gas, "NATURAL_GAS", "m3", GAS_EVENTS);
    List<Dataset> datasets = new ArrayList<>();
    datasets.add(nab(dataDir.resolve(NAB_FILE), settings));
    for (Cambridge c : List.of(electric, gasData)) {
      datasets.add(injected(c, seed, settings, split, calendar, outdoorC));
    }
    List<FlatlineRun> runs = new ArrayList<>();
    for (Cambridge c : List.of(electric, gasData)) {
      for (int hours : FLATLINE_RUN_HOURS) {
        runs.add(flatlineRun(c, hours, seed, settings, split));
      }
    }
    return new Report(seed, split, datasets, runs);
  }

  /** One Cambridge energy: its building series, type, unit and the kinds injected into it. */
  record Cambridge(String name, List<HourlySeries> series, String energyType, String unit, List<EventKind> kinds) {}

  /**
   * JUMP and NIGHT_BASE_LOAD both ways on the NAB series, from its first hour (there is no separate training
   * year; the first two weeks are learned, not judged), against its windows with NAB's window rule: an opening
   * inside a labelled window finds it, repeats inside it are neither found nor false, every opening outside
   * is a false positive.
   */
  static Dataset nab(Path csv, WattwardConfig.Anomalies settings) {
    SeriesFiles.Labelled labelled = SeriesFiles.nab(csv, "nab-ambient-temperature");
    HourlySeries s = labelled.series();
    NodeForecastStep model = new NodeForecastStep(ZoneOffset.UTC, HolidayCalendar.weekendsOnly(),
        nabDeviation(settings.deviation()));
    DetectorReplay replay = new DetectorReplay(model, null, 0, "OTHER", "F", ms -> Double.NaN);
    List<Opening> openings = replay.replay(s, s.firstHourMs());
    double months = (s.hourMs(s.size()) - s.firstHourMs()) / (DAYS_PER_MONTH * 86_400_000L);
    return new Dataset("NAB ambient temperature", "F", 1, months, s.hourMs(s.size()), labelled.windows(), openings,
        DetectionScore.score(labelled.windows(), openings, MODEL_DETECTORS, 1, months), null);
  }

  /** The energy settings, both ways, with the NAB series' minimum departure per hour and critical level. */
  public static WattwardConfig.Deviation nabDeviation(WattwardConfig.Deviation d) {
    return new WattwardConfig.Deviation(d.hourDrift(), d.hourOpen(), d.quietHoursOnly(),
        Map.of("default", NAB_MIN_HOUR_EXCESS_F), d.dayDrift(), d.dayOpen(), d.nightFrom(), d.nightTo(),
        d.nightDrift(), d.nightOpen(), d.stepCap(), d.minExcess(), NAB_CRITICAL_PCT, d.spreadDays(), d.levelDays(),
        d.minSpreadPct(), d.cleanSigma(), d.maxOpeningsPerDay(), true, d.warmUpDays());
  }

  /** Injects into the split's scored span, replays from 2016 on, with and without the injections. */
  static Dataset injected(Cambridge c, long seed, WattwardConfig.Anomalies settings, Split split,
      HolidayCalendar calendar, LongToDoubleFunction outdoorC) {
    DetectorReplay replay = DetectorReplay.forBuilding(settings, CAMBRIDGE_ZONE, calendar, c.energyType(), c.unit(),
        outdoorC);
    List<InjectedEvent> events = new ArrayList<>();
    List<Opening> openings = new ArrayList<>();
    List<Opening> cleanOpenings = new ArrayList<>();
    for (HourlySeries s : c.series()) {
      HourlySeries scored = within(s, TRAIN_FROM_MS, split.scoreToMs);
      AnomalyInjector.Injected injected = AnomalyInjector.inject(scored, split.scoreFromMs, split.scoreToMs, c.kinds(),
          seed, CAMBRIDGE_ZONE);
      events.addAll(injected.events());
      openings.addAll(replay.replay(injected.series(), split.scoreFromMs));
      cleanOpenings.addAll(replay.replay(scored, split.scoreFromMs));
    }
    double months = (split.scoreToMs - split.scoreFromMs) / (DAYS_PER_MONTH * 86_400_000L);
    int n = c.series().size();
    return new Dataset(c.name(), c.unit(), n, months, split.scoreToMs, events, openings,
        DetectionScore.score(events, openings, METER_DETECTORS, n, months),
        DetectionScore.score(List.of(), cleanOpenings, METER_DETECTORS, n, months));
  }

  static FlatlineRun flatlineRun(Cambridge c, int runHours, long seed, WattwardConfig.Anomalies settings,
      Split split) {
    FlatlineDetector flatline = new FlatlineDetector(CAMBRIDGE_ZONE, runHours * 60,
        WattwardConfig.lookup(settings.flatline().minExpectedInRun(), "meter", c.energyType()), HourlySeries.HOUR_MS, 1,
        settings.flatline().routineDays());
    DetectorReplay replay = new DetectorReplay(null, flatline, 0, c.energyType(), c.unit(), ms -> Double.NaN);
    List<InjectedEvent> flatlines = new ArrayList<>();
    List<Opening> openings = new ArrayList<>();
    List<Opening> cleanOpenings = new ArrayList<>();
    for (HourlySeries s : c.series()) {
      HourlySeries scored = within(s, TRAIN_FROM_MS, split.scoreToMs);
      AnomalyInjector.Injected injected = AnomalyInjector.inject(scored, split.scoreFromMs, split.scoreToMs, c.kinds(),
          seed, CAMBRIDGE_ZONE);
      injected.events().stream().filter(e -> e.kind() == EventKind.FLATLINE).forEach(flatlines::add);
      openings.addAll(replay.replay(injected.series(), split.scoreFromMs));
      cleanOpenings.addAll(replay.replay(scored, split.scoreFromMs));
    }
    double months = (split.scoreToMs - split.scoreFromMs) / (DAYS_PER_MONTH * 86_400_000L);
    List<String> detectors = List.of(AnomalyKind.FLATLINE.name());
    DetectionScore.Score score = DetectionScore.score(flatlines, openings, detectors, c.series().size(), months);
    DetectionScore.Score clean = DetectionScore.score(List.of(), cleanOpenings, detectors, c.series().size(), months);
    return new FlatlineRun(c.name(), runHours, flatlines.size(), score.recall().get(0).detected(),
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
