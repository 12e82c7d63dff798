package io.wattward.quota;

/** A department's standing against one quota after one hour: a row of ClickHouse {@code kpi_status}. */
public class KpiStatus {
  public String departmentId;
  public String energyType;
  public String period;
  public long asOfMs;
  public double toDate;
  public double projected;
  public double quota;
  public String unit;
  public double usedPct;
  public double projectedPct;
  public QuotaStatus status;

  public KpiStatus() {}
}
