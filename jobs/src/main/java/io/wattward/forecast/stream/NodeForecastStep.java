package io.wattward.forecast.stream;

import io.wattward.anomaly.AnomalyKind;
import io.wattward.anomaly.AnomalyLifecycle;
import io.wattward.anomaly.DeviationDetector;
import io.wattward.anomaly.Verdict;
import io.wattward.config.WattwardConfig;
import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.HourlyForecast;
import io.wattward.forecast.LoadForecaster;
import io.wattward.schema.Anomaly;
import io.wattward.topology.NodeLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's forecasting of one hour, as a function of its state: the hour's total and the drivers known
 * by the end of the hour in; the state moved on and the hour's {@link Outcome} out. Flink-free.
 *
 * <p>The hour is learned by the node's {@link LoadForecaster}, which then forecasts the next 24 hours. It
 * is also scored: day-ahead accuracy against the forecast issued at the local midnight before it (as in
 * docs/forecast-quality.md), a row per local day with the 30 days to it; and judged against the forecast
 * issued an hour before by the node's {@link DeviationDetector}: JUMP and NIGHT_BASE_LOAD anomalies, one
 * model of normal for forecasts and alarms. The forecaster learns the hour as the detector clips it (an
 * anomaly does not teach the model that it is normal).
 */
public final class NodeForecastStep {

  private static final long H = 3_600_000L;

  /**
   * What is known beside the load by the end of the hour: the hour's outdoor temperature on the node's
   * campus (NaN if unknown) and the business volumes published so far.
   */
  public record Drivers(double outdoorC, VolumeVersions.Book volumes) {}

  /**
   * What an hour produces: the next 24 hours' forecasts, the daily forecasts of the rest of the month,
   * the day-ahead accuracy row (at a local day's last hour; else null), the outlook for the quota tracker
   * (departments only; else null) and the residual anomaly events.
   */
  public record Outcome(List<ForecastRow> forecasts, List<ForecastRow> daily, AccuracyRow accuracy,
      HourOutlook outlook, List<Anomaly> anomalies) {}

  private final ZoneId zone;
  private final HolidayCalendar calendar;
  private final WattwardConfig.Deviation deviation;
  private final Map<String, DeviationDetector> detectors = new HashMap<>();

  public NodeForecastStep(ZoneId zone, HolidayCalendar calendar, WattwardConfig.Deviation deviation) {
    this.zone = zone;
    this.calendar = calendar;
    this.deviation = deviation;
  }

  /** The detector for nodes of this level and energy type. */
  public DeviationDetector detector(String level, String energyType) {
    return detectors.computeIfAbsent(level + "|" + energyType,
        k -> new DeviationDetector(zone, DeviationDetector.Settings.of(deviation, level, energyType)));
  }

  /** The settings of the streaming forecasters: the defaults, with the business-volume driver. */
  public static ForecastSettings settings() {
    return ForecastSettings.defaults().withBusinessVolume(true);
  }

  /** Whether {@code h} is of a day before the one {@code s}'s forecaster has moved to (see {@link #take}). */
  public boolean isPast(NodeForecastState s, NodeHour h) {
    return s.forecaster.isPast(LocalDateTime.ofInstant(Instant.ofEpochMilli(h.hourStartMs), zone));
  }

  /** Takes up the hour {@code h}, which must not be {@link #isPast}: updates {@code s} and returns what the hour produces. */
  public Outcome take(NodeForecastState s, NodeHour h, Drivers drivers) {
    LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(h.hourStartMs), zone);
    IssuedForecast before = s.issued.remove(h.hourStartMs);
    s.issued.headMap(h.hourStartMs).clear(); // hours that never came (a gap): nothing will score them
    s.hoursSeen++;
    List<Anomaly> anomalies = new ArrayList<>();
    resolveLegacy(s, h, anomalies);
    double expected = before != null && before.hasHourAhead() ? before.hourAheadKwh : Double.NaN;
    DeviationDetector.Judgement j = detector(h.level, h.energyType).judge(s.deviation, h.hourStartMs, h.consumption,
        expected, h.cost, h.unit);
    s.openJump = lifecycle(s.openJump, AnomalyKind.JUMP, h, j.jump(), h.hourStartMs, anomalies);
    // a night is judged at its end
    s.openNight = lifecycle(s.openNight, AnomalyKind.NIGHT_BASE_LOAD, h, j.night(), h.hourStartMs + H, anomalies);
    double learned = j.learn();
    AccuracyRow accuracy = before == null ? null : scoreDayAhead(s.accuracy, h, local, before);
    long issuedAt = h.hourStartMs + H;
    planVolumes(s.forecaster, h, local.toLocalDate(), issuedAt, drivers.volumes());
    s.forecaster.observe(local, learned, drivers.outdoorC(), calendar);
    ZonedDateTime next = Instant.ofEpochMilli(issuedAt).atZone(zone);
    List<HourlyForecast> hourly = s.forecaster.forecast(next.toLocalDateTime(), calendar);
    List<ForecastRow> forecasts = forecastRows(s, h, issuedAt, hourly, next.getHour() == 0);
    s.daily.add(local.toLocalDate(), h.consumption);
    return new Outcome(forecasts, dailyRows(s.daily, h, next, hourly), accuracy,
        outlook(h, local.toLocalDate(), next.toLocalDate(), hourly), anomalies);
  }

  /** Adds the hour to its day's accuracy sums; at the day's last hour, the day's row. */
  private AccuracyRow scoreDayAhead(AccuracyTracker acc, NodeHour h, LocalDateTime local, IssuedForecast before) {
    if (Double.isNaN(before.dayAheadKwh)) {
      return null;
    }
    long day = local.toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
    acc.add(day, h.consumption, before.dayAheadKwh);
    return local.getHour() == 23 ? acc.row(h.level, h.nodeId, h.energyType, day) : null;
  }

  /** The volumes known at the issue time, for the day learned from to the last day forecast. */
  private void planVolumes(LoadForecaster f, NodeHour h, LocalDate learnedDay, long issuedAt,
      VolumeVersions.Book volumes) {
    long lastDay = Instant.ofEpochMilli(issuedAt + (LoadForecaster.HORIZON_HOURS - 1) * H).atZone(zone)
        .toLocalDate().toEpochDay();
    for (long day = learnedDay.toEpochDay(); day <= lastDay; day++) {
      VolumeVersions.Version v = VolumeVersions.known(volumes, h, day, issuedAt);
      if (v != null) {
        f.planBusinessVolume(LocalDate.ofEpochDay(day), v.outpatientVisits(), v.inpatientBedDays());
      }
    }
  }

  /** A row per known forecast hour; remembers the hour-ahead forecast and, at midnight, the day-ahead ones. */
  private List<ForecastRow> forecastRows(NodeForecastState s, NodeHour h, long issuedAt,
      List<HourlyForecast> hourly, boolean midnight) {
    List<ForecastRow> rows = new ArrayList<>();
    for (int i = 0; i < hourly.size(); i++) {
      HourlyForecast hf = hourly.get(i);
      if (!hf.known()) {
        continue;
      }
      long hourMs = hf.hourStart().atZone(zone).toInstant().toEpochMilli();
      rows.add(row(h, issuedAt, hourMs, i + 1, hf.energyKwh(), hf.lowerKwh(), hf.upperKwh()));
      if (i == 0 || midnight) {
        IssuedForecast kept = s.issued.computeIfAbsent(hourMs, k -> new IssuedForecast());
        if (i == 0) {
          kept.hourAheadKwh = hf.energyKwh();
          kept.hourAheadLowerKwh = hf.lowerKwh();
          kept.hourAheadUpperKwh = hf.upperKwh();
        }
        if (midnight) {
          kept.dayAheadKwh = hf.energyKwh();
        }
      }
    }
    return rows;
  }

  /** The rest of today and of the month at daily resolution (none while nothing can be forecast). */
  private List<ForecastRow> dailyRows(DailyForecast days, NodeHour h, ZonedDateTime next,
      List<HourlyForecast> hourly) {
    List<ForecastRow> rows = new ArrayList<>();
    if (next.getHour() != 0 && hourly.stream().noneMatch(HourlyForecast::known)) {
      return rows;
    }
    long issuedAt = next.toInstant().toEpochMilli();
    LocalDate today = next.toLocalDate();
    for (DailyForecast.Day d : days.restOfMonth(today, restOf(today, hourly).kwh, calendar)) {
      long dayMs = d.day().atStartOfDay(zone).toInstant().toEpochMilli();
      rows.add(row(h, issuedAt, dayMs, 0, d.forecast(), d.lower(), d.upper()));
    }
    return rows;
  }

  /** The department's hour with the forecast of the rest of its day, for the quota tracker; else null. */
  private static HourOutlook outlook(NodeHour h, LocalDate learnedDay, LocalDate today, List<HourlyForecast> hourly) {
    if (!NodeLevel.DEPARTMENT.is(h.level)) {
      return null;
    }
    Rest rest = restOf(today, hourly);
    HourOutlook o = new HourOutlook();
    o.hour = h;
    // the hour just taken up ended a day: nothing of that day is left
    o.restOfToday = !today.equals(learnedDay) ? 0 : rest.allKnown ? rest.kwh : Double.NaN;
    return o;
  }

  /** The sum of the known forecasts of a day's hours, and whether all of them were known. */
  private record Rest(double kwh, boolean allKnown) {}

  private static Rest restOf(LocalDate day, List<HourlyForecast> hourly) {
    double kwh = 0;
    boolean allKnown = true;
    for (HourlyForecast hf : hourly) {
      if (hf.hourStart().toLocalDate().equals(day)) {
        if (hf.known()) {
          kwh += hf.energyKwh();
        } else {
          allKnown = false;
        }
      }
    }
    return new Rest(kwh, allKnown);
  }

  /** Moves one kind's anomaly by the verdict (null: nothing to do); returns what stays open. */
  private static AnomalyLifecycle.Open lifecycle(AnomalyLifecycle.Open open, AnomalyKind kind, NodeHour h, Verdict v,
      long atMs, List<Anomaly> out) {
    if (v == null) {
      return open;
    }
    AnomalyLifecycle.Subject subject = new AnomalyLifecycle.Subject(kind.name(), h.level, h.nodeId, h.building,
        h.energyType, "", h.unit);
    AnomalyLifecycle.Step step = AnomalyLifecycle.observe(open, subject, v, atMs);
    if (step.event() != null) {
      out.add(step.event());
    }
    return step.open();
  }

  /**
   * A FORECAST_RESIDUAL anomaly left open by a state of the format before the deviation detector (which no
   * longer raises them): resolved at the first hour taken up, so it does not stay open forever.
   */
  private static void resolveLegacy(NodeForecastState s, NodeHour h, List<Anomaly> out) {
    if (s.legacyResidual != null) {
      lifecycle(s.legacyResidual, AnomalyKind.FORECAST_RESIDUAL, h, Verdict.normal(0, 0), h.hourStartMs, out);
      s.legacyResidual = null;
    }
  }

  private static ForecastRow row(NodeHour h, long issuedAt, long hourMs, int horizonHours, double forecast,
      double lower, double upper) {
    ForecastRow r = new ForecastRow();
    r.level = h.level;
    r.nodeId = h.nodeId;
    r.energyType = h.energyType;
    r.unit = h.unit;
    r.issuedAtMs = issuedAt;
    r.hourStartMs = hourMs;
    r.horizonHours = horizonHours;
    r.forecast = forecast;
    r.lower = lower;
    r.upper = upper;
    return r;
  }
}
