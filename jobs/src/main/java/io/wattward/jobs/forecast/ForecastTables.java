package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.AccuracyRow;
import io.wattward.forecast.stream.ForecastRow;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.jobs.common.ClickHouseTable;
import io.wattward.quota.KpiStatus;
import java.time.LocalDate;

/** The ClickHouse tables of the forecast job and what each column takes from a row (idempotent upserts). */
final class ForecastTables {
  private ForecastTables() {}

  static final ClickHouseTable<ForecastRow> FORECASTS = issued("forecasts", "hour_start")
      .integer("horizon_h", r -> r.horizonHours)
      .number("forecast", r -> r.forecast)
      .number("lower", r -> r.lower)
      .number("upper", r -> r.upper);

  /** The day's outlook: a {@link ForecastRow} whose hour start is the local day's start. */
  static final ClickHouseTable<ForecastRow> FORECASTS_DAILY = issued("forecasts_daily", "day_start")
      .number("forecast", r -> r.forecast)
      .number("lower", r -> r.lower)
      .number("upper", r -> r.upper);

  /** A forecast's node, energy type and unit, when it was issued and for when. */
  private static ClickHouseTable<ForecastRow> issued(String table, String forWhen) {
    return ClickHouseTable.<ForecastRow>named(table)
        .text("node_level", r -> r.level)
        .text("node_id", r -> r.nodeId)
        .text("energy_type", r -> r.energyType)
        .text("unit", r -> r.unit)
        .time("issued_at", r -> r.issuedAtMs)
        .time(forWhen, r -> r.hourStartMs);
  }

  static final ClickHouseTable<AccuracyRow> FORECAST_ACCURACY = ClickHouseTable.<AccuracyRow>named("forecast_accuracy")
      .text("node_level", r -> r.level)
      .text("node_id", r -> r.nodeId)
      .text("energy_type", r -> r.energyType)
      .time("day_start", r -> r.dayStartMs)
      .integer("hours", r -> r.hours)
      .number("cv_rmse_pct", r -> r.cvRmsePct)
      .number("nmbe_pct", r -> r.nmbePct)
      .number("mape_pct", r -> r.mapePct)
      .integer("hours_30d", r -> r.hours30d)
      .number("cv_rmse_30d_pct", r -> r.cvRmse30dPct)
      .number("nmbe_30d_pct", r -> r.nmbe30dPct)
      .number("mape_30d_pct", r -> r.mape30dPct);

  static final ClickHouseTable<VolumeDay> BUSINESS_VOLUME = ClickHouseTable.<VolumeDay>named("business_volume")
      .text("node_id", v -> v.nodeId)
      .text("day", v -> LocalDate.ofEpochDay(v.epochDay).toString())
      .numberOrNull("outpatient_visits", v -> v.outpatientVisits)
      .numberOrNull("inpatient_bed_days", v -> v.inpatientBedDays)
      .time("published_at", v -> v.publishedAtMs)
      .text("source", v -> v.source)
      .bigint("version", v -> v.publishedAtMs);

  static final ClickHouseTable<KpiStatus> KPI_STATUS = ClickHouseTable.<KpiStatus>named("kpi_status")
      .text("department_id", s -> s.departmentId)
      .text("energy_type", s -> s.energyType)
      .text("period", s -> s.period)
      .time("as_of", s -> s.asOfMs)
      .number("to_date", s -> s.toDate)
      .number("projected", s -> s.projected)
      .number("quota", s -> s.quota)
      .text("unit", s -> s.unit)
      .number("used_pct", s -> s.usedPct)
      .number("projected_pct", s -> s.projectedPct)
      .text("status", s -> s.status.name());
}
