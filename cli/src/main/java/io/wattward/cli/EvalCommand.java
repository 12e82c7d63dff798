package io.wattward.cli;

import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.evaluation.ForecastQuality;
import io.wattward.forecast.evaluation.ForecastQuality.Medians;
import io.wattward.forecast.evaluation.ForecastQuality.Period;
import io.wattward.forecast.evaluation.ForecastQuality.Row;
import io.wattward.schema.EnergyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Offline evaluations on measured data.",
    subcommands = {EvalCommand.Forecast.class, EvalAnomaliesCommand.class})
final class EvalCommand {

  @ParentCommand WattwardCli cli;

  enum Energy { electricity, gas, both }

  @Command(name = "forecast", mixinStandardHelpOptions = true,
      description = {"Day-ahead load forecast quality on the Cambridge development data.",
          "At 00:00 UTC of each day the forecaster (learned from 2016, learning on) and",
          "the seasonal-naive baselines (same hour yesterday, same hour last week)",
          "forecast the day. Prints CV(RMSE) and NMBE per building (ASHRAE Guideline 14,",
          "with n) and the share of actuals inside the model's prediction interval.",
          "Method and results: docs/forecast-quality.md."})
  static final class Forecast implements Callable<Integer> {

    @ParentCommand EvalCommand parent;

    @Option(names = "--data", paramLabel = "DIR",
        description = "The data folder (default: the project root's ../shared/data/cambridge-dev).")
    Path data;

    @Option(names = "--energy", defaultValue = "both", paramLabel = "electricity|gas|both",
        description = "electricity, gas or both (default: ${DEFAULT-VALUE}).")
    Energy energy;

    @Option(names = "--calendar", paramLabel = "FILE",
        description = "Day calendar CSV (date,kind,name; see HolidayCalendar) instead of the built-in Cambridge one.")
    Path calendarFile;

    @Option(names = "--validate",
        description = "Score the development period instead (learn Jan-Feb 2016, score Mar-Dec 2016, read nothing of 2017).")
    boolean validate;

    @Option(names = "--every-hour",
        description = "No missing-data rule: a day of zeros is data like any other (for the forecaster, the baselines"
            + " and the score), as the streaming job sees it; gas then shows its summer zero days.")
    boolean everyHour;

    @Override
    public Integer call() {
      Path dir = data != null ? data : parent.cli.local.home().resolve("../shared/data/cambridge-dev").normalize();
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("--data: no folder " + dir.toAbsolutePath().normalize());
      }
      HolidayCalendar calendar = calendarFile != null ? HolidayCalendar.fromFile(calendarFile)
          : HolidayCalendar.fromResource(HolidayCalendar.CAMBRIDGE_RESOURCE);
      List<EnergyType> energies = switch (energy) {
        case electricity -> List.of(EnergyType.ELECTRICITY);
        case gas -> List.of(EnergyType.NATURAL_GAS);
        case both -> List.of(EnergyType.ELECTRICITY, EnergyType.NATURAL_GAS);
      };
      Period period = validate ? ForecastQuality.VALIDATION_2016 : ForecastQuality.TEST_2017;
      ForecastSettings settings = ForecastSettings.defaults();
      long t0 = System.nanoTime();
      List<Row> rows = ForecastQuality.evaluate(dir, energies, period, calendar, settings, everyHour);

      String interval = String.format(Locale.ROOT, "in %.0f%% PI %%", settings.intervalCoverage() * 100);
      System.out.printf("Day-ahead forecasts issued at 00:00 UTC, scored %s to %s%s, data %s%n", period.from(),
          period.to(), everyHour ? ", every hour (days of zeros are data, learned and scored)" : "",
          dir.toAbsolutePath().normalize());
      TextTable table = new TextTable("energy", "building", "hours", "days missing", "model CV(RMSE) %", "model NMBE %",
          "yesterday CV %", "yesterday NMBE %", "last week CV %", "last week NMBE %", interval, "beats both",
          "ASHRAE 14");
      for (EnergyType e : energies) {
        List<Row> of = rows.stream().filter(r -> r.energy() == e).toList();
        for (Row r : of) {
          table.row(name(e), r.building(), r.hours(), r.missingDays(), pct(r.model().cvRmse()), pct(r.model().nmbe()),
              pct(r.sameHourYesterday().cvRmse()), pct(r.sameHourYesterday().nmbe()), pct(r.sameHourLastWeek().cvRmse()),
              pct(r.sameHourLastWeek().nmbe()), pct(r.intervalCoverage()), r.beatsBothBaselines() ? "yes" : "NO",
              r.withinAshrae() ? "yes" : "no");
        }
        Medians m = ForecastQuality.medians(e, rows);
        table.row(name(e), "median of " + of.size(), "", "", pct(m.modelCvRmse()), pct(m.modelNmbe()),
            pct(m.yesterdayCvRmse()), pct(m.yesterdayNmbe()), pct(m.lastWeekCvRmse()), pct(m.lastWeekNmbe()),
            pct(m.intervalCoverage()), "", "");
      }
      table.print(System.out);
      long beats = rows.stream().filter(Row::beatsBothBaselines).count();
      System.out.printf("Model better than both seasonal-naive baselines (CV(RMSE)) on %d of %d building series.%n",
          beats, rows.size());
      if (energies.contains(EnergyType.ELECTRICITY)) {
        List<Row> electricity = rows.stream().filter(r -> r.energy() == EnergyType.ELECTRICITY).toList();
        System.out.printf("Electricity within ASHRAE Guideline 14 (CV(RMSE) <= %.0f%%, |NMBE| <= %.0f%%) on %d of %d buildings.%n",
            ForecastQuality.ASHRAE_CV_RMSE, ForecastQuality.ASHRAE_NMBE,
            electricity.stream().filter(Row::withinAshrae).count(), electricity.size());
      }
      System.out.printf("Evaluated in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
      return 0;
    }

    private static String name(EnergyType e) {
      return e == EnergyType.ELECTRICITY ? "electricity" : "gas";
    }

    private static String pct(double value) {
      return String.format(Locale.ROOT, "%.1f", Math.abs(value) < 0.05 ? 0.0 : value);
    }
  }
}
