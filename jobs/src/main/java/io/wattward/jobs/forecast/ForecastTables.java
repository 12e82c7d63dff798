package io.wattward.jobs.forecast;

import static io.wattward.connectors.clickhouse.ClickHouseTime.utc;
import static io.wattward.jobs.common.ClickHouseTable.nullable;

import io.wattward.forecast.stream.AccuracyRow;
import io.wattward.forecast.stream.ForecastRow;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.jobs.common.ClickHouseTable;
import io.wattward.quota.KpiStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/** The ClickHouse tables of the forecast job and how its rows bind to them (idempotent upserts). */
final class ForecastTables {
  private ForecastTables() {}

  static final ClickHouseTable<ForecastRow> FORECASTS = ClickHouseTable.of("forecasts", "node_level, node_id, "
      + "energy_type, unit, issued_at, hour_start, horizon_h, forecast, lower, upper", (ps, r) -> {
        int i = bindIssue(ps, r);
        ps.setInt(i++, r.horizonHours);
        bindForecast(ps, i, r);
      });

  /** The day's outlook: a {@link ForecastRow} whose hour start is the local day's start. */
  static final ClickHouseTable<ForecastRow> FORECASTS_DAILY = ClickHouseTable.of("forecasts_daily", "node_level, "
      + "node_id, energy_type, unit, issued_at, day_start, forecast, lower, upper", (ps, r) ->
        bindForecast(ps, bindIssue(ps, r), r));

  /** node, energy type, unit, when issued and for when: the first six columns of both; the next index. */
  private static int bindIssue(PreparedStatement ps, ForecastRow r) throws SQLException {
    ps.setString(1, r.level);
    ps.setString(2, r.nodeId);
    ps.setString(3, r.energyType);
    ps.setString(4, r.unit);
    ps.setString(5, utc(r.issuedAtMs));
    ps.setString(6, utc(r.hourStartMs));
    return 7;
  }

  /** forecast, lower, upper from column {@code i} on. */
  private static void bindForecast(PreparedStatement ps, int i, ForecastRow r) throws SQLException {
    ps.setDouble(i, r.forecast);
    ps.setDouble(i + 1, r.lower);
    ps.setDouble(i + 2, r.upper);
  }

  static final ClickHouseTable<AccuracyRow> FORECAST_ACCURACY = ClickHouseTable.of("forecast_accuracy",
      "node_level, node_id, energy_type, day_start, hours, cv_rmse_pct, nmbe_pct, mape_pct, hours_30d, "
      + "cv_rmse_30d_pct, nmbe_30d_pct, mape_30d_pct", (ps, r) -> {
        ps.setString(1, r.level);
        ps.setString(2, r.nodeId);
        ps.setString(3, r.energyType);
        ps.setString(4, utc(r.dayStartMs));
        ps.setInt(5, r.hours);
        ps.setDouble(6, r.cvRmsePct);
        ps.setDouble(7, r.nmbePct);
        ps.setDouble(8, r.mapePct);
        ps.setInt(9, r.hours30d);
        ps.setDouble(10, r.cvRmse30dPct);
        ps.setDouble(11, r.nmbe30dPct);
        ps.setDouble(12, r.mape30dPct);
      });

  static final ClickHouseTable<VolumeDay> BUSINESS_VOLUME = ClickHouseTable.of("business_volume", "node_id, day, "
      + "outpatient_visits, inpatient_bed_days, published_at, source, version", (ps, v) -> {
        ps.setString(1, v.nodeId);
        ps.setString(2, LocalDate.ofEpochDay(v.epochDay).toString());
        nullable(ps, 3, v.outpatientVisits);
        nullable(ps, 4, v.inpatientBedDays);
        ps.setString(5, utc(v.publishedAtMs));
        ps.setString(6, v.source);
        ps.setLong(7, v.publishedAtMs);
      });

  static final ClickHouseTable<KpiStatus> KPI_STATUS = ClickHouseTable.of("kpi_status", "department_id, energy_type, "
      + "period, as_of, to_date, projected, quota, unit, used_pct, projected_pct, status", (ps, s) -> {
        ps.setString(1, s.departmentId);
        ps.setString(2, s.energyType);
        ps.setString(3, s.period);
        ps.setString(4, utc(s.asOfMs));
        ps.setDouble(5, s.toDate);
        ps.setDouble(6, s.projected);
        ps.setDouble(7, s.quota);
        ps.setString(8, s.unit);
        ps.setDouble(9, s.usedPct);
        ps.setDouble(10, s.projectedPct);
        ps.setString(11, s.status.name());
      });
}
