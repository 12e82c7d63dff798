package io.wattward.quota;

import io.wattward.anomaly.Severity;
import io.wattward.anomaly.Verdict;

/**
 * A department's standing against one period's quota after an hour, and the QUOTA verdict on it: OK;
 * WARNING when the projection for the period's end reaches {@code warningPct} of the quota; ALARM (a
 * critical anomaly) once what is used already exceeds the quota. Pure.
 *
 * @param status the row for ClickHouse {@code kpi_status}
 * @param verdict normal when OK, else abnormal with the projected excess and its cost
 */
public record QuotaCheck(KpiStatus status, Verdict verdict) {

  /**
   * @param used energy used in the period to the end of the hour
   * @param projected projected energy at the period's end
   * @param pricePerUnit the hour's cost per unit of energy (0 if unknown)
   */
  public static QuotaCheck of(String departmentId, String energyType, String period, long asOfMs, double used,
      double projected, double quota, String unit, double pricePerUnit, double warningPct) {
    KpiStatus s = new KpiStatus();
    s.departmentId = departmentId;
    s.energyType = energyType;
    s.period = period;
    s.asOfMs = asOfMs;
    s.toDate = used;
    s.projected = projected;
    s.quota = quota;
    s.unit = unit;
    s.usedPct = 100 * used / quota;
    s.projectedPct = 100 * projected / quota;
    s.status = used > quota ? QuotaStatus.ALARM : s.projectedPct >= warningPct ? QuotaStatus.WARNING : QuotaStatus.OK;
    return new QuotaCheck(s, verdict(s, pricePerUnit));
  }

  private static Verdict verdict(KpiStatus s, double pricePerUnit) {
    if (s.status == QuotaStatus.OK) {
      return Verdict.normal(s.quota, s.projected);
    }
    double excess = Math.max(0, s.projected - s.quota);
    return Verdict.abnormal(s.status == QuotaStatus.ALARM ? Severity.CRITICAL : Severity.WARNING, s.quota,
        s.projected, s.projectedPct - 100, excess, pricePerUnit * excess,
        String.format("%s %s: %.1f %s used of the %.1f quota (%.1f %%), %.1f projected by the period's end (%.1f %%)",
            s.period, s.energyType, s.toDate, s.unit, s.quota, s.usedPct, s.projected, s.projectedPct));
  }
}
