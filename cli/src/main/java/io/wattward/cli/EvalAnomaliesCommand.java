package io.wattward.cli;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.evaluation.AnomalyInjector;
import io.wattward.anomaly.evaluation.AnomalyQuality.Dataset;
import io.wattward.anomaly.evaluation.AnomalyQuality.FlatlineRun;
import io.wattward.anomaly.evaluation.AnomalyQuality;
import io.wattward.anomaly.evaluation.DetectionScore;
import io.wattward.anomaly.evaluation.Opening;
import io.wattward.config.WattwardConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "anomalies", mixinStandardHelpOptions = true,
    description = {"Anomaly detector quality on measured data (see docs/anomaly-quality.md):",
        "the load-model detectors (both ways) on the labelled NAB temperature series, and",
        "anomalies injected into the Cambridge electricity and gas series (a +15%%",
        "base-load step, lights on at night, a flatline, a silent meter, a spike; one",
        "of each per building and quarter). --split test (the default) learns 2016 and",
        "scores 2017; --split tuning learns 2016-01..03 and scores 2016-04..12, the only",
        "data the settings were chosen on. Prints recall, time to detect and excess found",
        "per injected kind, and precision and false alarms per meter-month per detector,",
        "with the default anomaly settings."})
final class EvalAnomaliesCommand implements Callable<Integer> {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final int LONGEST_PER_DETECTOR = 3;
  private static final long HOUR_MS = 3_600_000L;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The shared data folder, holding anomaly-dev/ and cambridge-dev/ (default: ../shared/data from "
          + "the project root).")
  Path dataDir;

  @Option(names = "--seed", defaultValue = "2017",
      description = "Seed of the injected events' positions (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--split", defaultValue = "test",
      description = "test: learn 2016, score 2017 (the reported figures); tuning: learn 2016-01..03, score "
          + "2016-04..12 (where the settings were chosen). Default: ${DEFAULT-VALUE}.")
  String split;

  @Override
  public Integer call() {
    Path dir = dataDir != null ? dataDir : new LocalEnvironment().home().resolve("../shared/data").normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--data-dir: no folder " + dir.toAbsolutePath().normalize());
    }
    WattwardConfig.Anomalies settings = WattwardConfig.load(null, Map.of()).anomalies();
    long t0 = System.nanoTime();
    AnomalyQuality.Split which = switch (split.toLowerCase(Locale.ROOT)) {
      case "test" -> AnomalyQuality.Split.TEST;
      case "tuning" -> AnomalyQuality.Split.TUNING;
      default -> throw new IllegalArgumentException("--split: test or tuning, not " + split);
    };
    AnomalyQuality.Report report = AnomalyQuality.evaluate(dir, seed, settings, which);
    PrintStream out = System.out;
    out.printf("Anomaly detection quality, data %s, seed %d, split %s%n", dir.toAbsolutePath().normalize(), seed,
        which.name().toLowerCase(Locale.ROOT));
    printSettings(out, settings, which);
    printRecall(out, report);
    printOpenings(out, report);
    printFalseAlarmsPerSeries(out, report);
    printFalseAlarmsPerMonth(out, report);
    printFlatlineRuns(out, report);
    printLongestFalseAlarms(out, report);
    out.printf(Locale.ROOT, "Evaluated in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private static void printSettings(PrintStream out, WattwardConfig.Anomalies settings, AnomalyQuality.Split split) {
    out.println("Settings: the anomalies section of wattward-defaults.yaml; JUMP and NIGHT_BASE_LOAD through the"
        + " forecast job's step (the load forecaster and its deviation detector, Cambridge holiday calendar and"
        + " Bedford outdoor temperature as drivers), FLATLINE and OFFLINE at level meter:");
    out.println("  both: " + describeDeviation(settings.deviation()));
    out.println("  electricity: " + describe(settings, "ELECTRICITY", "kWh"));
    out.printf(Locale.ROOT, "  gas (kWh / %.1f = m3): %s%n", AnomalyQuality.GAS_KWH_PER_M3,
        describe(settings, "NATURAL_GAS", "m3"));
    out.printf(Locale.ROOT, "  NAB: the same, both ways, an hour counting only when %.1f F or more from expectation"
            + " (critical %.0f %%), weekends as days off, no outdoor temperature; learns from the first hour,"
            + " scores all of it%n", AnomalyQuality.NAB_MIN_HOUR_EXCESS_F, AnomalyQuality.NAB_CRITICAL_PCT);
    out.printf(Locale.ROOT, "Cambridge: %s, local time %s. Injected per building"
            + " and quarter of the scored span: +%.0f %% of the span's mean for %d h; lights %.0f %% of the mean daytime load"
            + " %02d:00-%02d:00 for %d nights (electricity only); value frozen %d h; no values %d h; one hour x%.0f.%n",
        split.describe(), AnomalyQuality.CAMBRIDGE_ZONE, AnomalyInjector.STEP_FRACTION * 100, AnomalyInjector.STEP_HOURS,
        AnomalyInjector.LIGHTING_FRACTION * 100, AnomalyInjector.LIGHTS_FROM_HOUR, AnomalyInjector.LIGHTS_TO_HOUR,
        AnomalyInjector.LIGHT_NIGHTS, AnomalyInjector.FLATLINE_HOURS, AnomalyInjector.SILENT_HOURS,
        AnomalyInjector.SPIKE_FACTOR);
    out.printf("A finding counts if a fitting anomaly opens in the event's span (+%d h; NIGHT_BASE_LOAD +%d h).%n",
        DetectionScore.graceMs(AnomalyKind.JUMP.name()) / HOUR_MS,
        DetectionScore.graceMs(AnomalyKind.NIGHT_BASE_LOAD.name()) / HOUR_MS);
  }

  private static void printRecall(PrintStream out, AnomalyQuality.Report report) {
    out.println();
    out.println("Events found (recall)");
    TextTable table = new TextTable("data", "event", "events", "found", "recall %", "missed, fitting one already open",
        "openings matching", "found by", "median h to detect", "excess injected", "excess found");
    for (Dataset d : report.datasets()) {
      for (DetectionScore.KindRecall k : d.score().recall()) {
        table.row(d.name(), k.kind().description(), k.events(), k.detected(), pct(k.recall()), k.missedWhileOpen(),
            k.matchingOpenings(), k.detectedBy().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")),
            Double.isNaN(k.medianHoursToDetect()) ? "-" : String.format(Locale.ROOT, "%.1f", k.medianHoursToDetect()),
            k.excessInjected() == 0 ? "-" : String.format(Locale.ROOT, "%,.0f %s", k.excessInjected(), d.unit()),
            k.excessInjected() == 0 ? "-" : String.format(Locale.ROOT, "%,.0f (%.0f %%)", k.excessFound(),
                100 * k.excessFound() / k.excessInjected()));
      }
    }
    table.print(out);
  }

  private static void printOpenings(PrintStream out, AnomalyQuality.Report report) {
    out.println();
    out.println("Openings (precision, false alarms)");
    TextTable table = new TextTable("data", "detector", "openings", "match an event", "during another event",
        "false alarms", "precision %", "false alarms / meter-month", "without injections", "false alarms <= 1 h");
    for (Dataset d : report.datasets()) {
      for (DetectionScore.DetectorPrecision p : d.score().byDetector()) {
        String clean = d.clean() == null ? "" : d.clean().byDetector().stream()
            .filter(c -> c.detector().equals(p.detector())).findFirst()
            .map(c -> perMonth(c.falseAlarmsPerMeterMonth())).orElse("");
        table.row(d.name(), p.detector(), p.openings(), p.matched(), p.duringOtherEvent(), p.falseAlarms(),
            pct(p.precision()), perMonth(p.falseAlarmsPerMeterMonth()), clean, shortFalseAlarms(d, p.detector()));
      }
      DetectionScore.DetectorPrecision all = d.score().all();
      table.row(d.name(), all.detector(), all.openings(), all.matched(), all.duringOtherEvent(), all.falseAlarms(),
          pct(all.precision()), perMonth(all.falseAlarmsPerMeterMonth()),
          d.clean() == null ? "" : perMonth(d.clean().all().falseAlarmsPerMeterMonth()), shortFalseAlarms(d, null));
    }
    table.print(out);
    out.printf(Locale.ROOT, "Meter-months: %s.%n", report.datasets().stream()
        .map(d -> String.format(Locale.ROOT, "%s %d x %.1f", d.name(), d.seriesCount(), d.months()))
        .collect(Collectors.joining(", ")));
  }

  private static void printFalseAlarmsPerSeries(PrintStream out, AnomalyQuality.Report report) {
    out.println();
    out.println("False alarms per series (scored period, with injections)");
    List<String> detectors = AnomalyQuality.METER_DETECTORS;
    List<String> header = new ArrayList<>(List.of("data", "series"));
    header.addAll(detectors);
    TextTable table = new TextTable(header.toArray(String[]::new));
    for (Dataset d : report.datasets()) {
      Map<String, Map<String, Long>> counts = d.score().falseAlarms().stream().collect(Collectors.groupingBy(
          Opening::series, TreeMap::new, Collectors.groupingBy(Opening::kind, Collectors.counting())));
      counts.forEach((series, byKind) -> {
        List<Object> row = new ArrayList<>(List.of(d.name(), series));
        detectors.forEach(k -> row.add(byKind.getOrDefault(k, 0L)));
        table.row(row.toArray());
      });
    }
    table.print(out);
  }

  private static void printFalseAlarmsPerMonth(PrintStream out, AnomalyQuality.Report report) {
    out.println();
    out.println("False alarms per month of the scored span (Cambridge, with injections; month of publication, local)");
    List<Dataset> cambridge = report.datasets().stream().filter(d -> d.clean() != null).toList();
    List<String> detectors = List.of(AnomalyKind.JUMP.name(), AnomalyKind.NIGHT_BASE_LOAD.name(),
        AnomalyKind.FLATLINE.name());
    List<String> header = new ArrayList<>(List.of("month"));
    cambridge.forEach(d -> detectors.forEach(k -> header.add(d.name().replace("cambridge ", "") + " " + k)));
    TextTable table = new TextTable(header.toArray(String[]::new));
    java.time.YearMonth last = java.time.YearMonth.from(Instant.ofEpochMilli(report.split().scoreToMs - 1)
        .atZone(ZoneOffset.UTC));
    for (java.time.YearMonth month = java.time.YearMonth.from(Instant.ofEpochMilli(report.split().scoreFromMs)
        .atZone(ZoneOffset.UTC)); !month.isAfter(last); month = month.plusMonths(1)) {
      java.time.YearMonth m = month;
      List<Object> row = new ArrayList<>(List.of(month.toString()));
      for (Dataset d : cambridge) {
        for (String k : detectors) {
          row.add(d.score().falseAlarms().stream().filter(o -> o.kind().equals(k)
              && java.time.YearMonth.from(Instant.ofEpochMilli(o.detectedAtMs()).atZone(AnomalyQuality.CAMBRIDGE_ZONE))
                  .equals(m)).count());
        }
      }
      table.row(row.toArray());
    }
    table.print(out);
  }

  private static void printFlatlineRuns(PrintStream out, AnomalyQuality.Report report) {
    out.println();
    out.println("FLATLINE with other run lengths (a sensitivity on the same data; not the configured setting)");
    TextTable table = new TextTable("data", "run h", "injected flatlines", "found", "recall %",
        "false alarms / meter-month without injections");
    for (FlatlineRun r : report.flatlineRuns()) {
      table.row(r.dataset(), r.runHours(), r.flatlines(), r.detected(),
          pct(r.flatlines() == 0 ? Double.NaN : (double) r.detected() / r.flatlines()),
          perMonth(r.cleanFalseAlarmsPerMeterMonth()));
    }
    table.print(out);
  }

  private static void printLongestFalseAlarms(PrintStream out, AnomalyQuality.Report report) {
    out.println();
    out.printf("Longest false alarms, %d per data set and detector (to look at; times local)%n",
        LONGEST_PER_DETECTOR);
    TextTable table = new TextTable("data", "series", "detector", "opened", "hours open", "severity", "at its peak");
    for (Dataset d : report.datasets()) {
      ZoneId zone = d.clean() == null ? ZoneOffset.UTC : AnomalyQuality.CAMBRIDGE_ZONE;
      for (String detector : AnomalyQuality.METER_DETECTORS) {
        d.score().falseAlarms().stream().filter(o -> o.kind().equals(detector))
            .sorted(Comparator.comparingDouble((Opening o) -> hoursOpen(o, d.endMs())).reversed()
                .thenComparingLong(Opening::startedAtMs))
            .limit(LONGEST_PER_DETECTOR)
            .forEach(o -> table.row(d.name(), o.series(), o.kind(),
                MINUTE.format(Instant.ofEpochMilli(o.startedAtMs()).atZone(zone)),
                String.format(Locale.ROOT, o.endedAtMs() == Opening.STILL_OPEN ? "%.0f, open at the end" : "%.0f",
                    hoursOpen(o, d.endMs())), o.severity(), o.detail()));
      }
    }
    table.print(out);
  }

  private static String describeDeviation(WattwardConfig.Deviation d) {
    return String.format(Locale.ROOT, "evidence in spreads of the node's own residuals (CUSUM): hours drift %.2f, open"
            + " at %.1f%s; days drift %.2f, open at %.1f; nights %02d:00-%02d:00 drift %.2f, open at %.1f; at most %.1f"
            + " a step; spreads over %.0f days scaled by the %.0f-day level, at least %.0f %% of it; the model learns"
            + " hours clipped to %.0f spreads; at most %d openings a node and day; critical from %.0f %%; judged"
            + " after %d days", d.hourDrift(), d.hourOpen(), d.quietHoursOnly() ? " (hours expected at or below the mean"
            + " load only)" : "", d.dayDrift(), d.dayOpen(), d.nightFrom(), d.nightTo(), d.nightDrift(), d.nightOpen(),
        d.stepCap(), d.spreadDays(), d.levelDays(), d.minSpreadPct(), d.cleanSigma(), d.maxOpeningsPerDay(),
        d.criticalPct(), d.warmUpDays());
  }

  private static String describe(WattwardConfig.Anomalies a, String energyType, String unit) {
    double flatlineMinutes = WattwardConfig.lookup(a.flatline().minutes(), "meter", energyType);
    return String.format(Locale.ROOT, "JUMP and NIGHT_BASE_LOAD once the run's excess is >= %.1f %s; FLATLINE %.0f min"
            + " and >= %d readings = %.0f hourly reading(s), zeros if >= %.1f %s usual, a run like one the meter held"
            + " within %.0f days is routine (zeros: no alarm; constant: twice as long); OFFLINE after %.0f min"
            + " without a reading",
        WattwardConfig.lookup(a.deviation().minExcess(), "building", energyType), unit, flatlineMinutes,
        a.flatline().minReadings(), Math.max(a.flatline().minReadings(), Math.ceil(flatlineMinutes / 60)),
        WattwardConfig.lookup(a.flatline().minExpectedInRun(), "meter", energyType), unit,
        a.flatline().routineDays(), WattwardConfig.lookup(a.offline().minutes(), "meter", energyType));
  }

  /** How many of the false alarms (of {@code detector}, or all) closed within an hour of opening. */
  private static long shortFalseAlarms(Dataset d, String detector) {
    return d.score().falseAlarms().stream().filter(o -> detector == null || o.kind().equals(detector))
        .filter(o -> o.endedAtMs() != Opening.STILL_OPEN && o.hoursOpen() <= 1.0).count();
  }

  /** Hours from the start to the end, or to the end of the data if it was still open then. */
  private static double hoursOpen(Opening o, long dataEndMs) {
    return o.endedAtMs() == Opening.STILL_OPEN ? (dataEndMs - o.startedAtMs()) / (double) HOUR_MS : o.hoursOpen();
  }

  private static String pct(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f", share * 100);
  }

  private static String perMonth(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
