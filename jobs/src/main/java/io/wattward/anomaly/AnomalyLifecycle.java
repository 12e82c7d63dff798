package io.wattward.anomaly;

import io.wattward.schema.Anomaly;
import java.time.Instant;

/**
 * The life of one anomaly per identity (kind and subject): it opens on the first abnormal verdict, is
 * updated while it lasts when its severity rises or its deviation grows by {@link #UPDATE_STEP_PCT}
 * points past the last published peak, accumulates its excess energy and cost, and resolves on the
 * first normal verdict. Each published state has a higher version. Pure: the caller keeps the
 * {@link Open} state (in Flink state) and publishes the events.
 */
public final class AnomalyLifecycle {

  public static final double UPDATE_STEP_PCT = 10.0;

  private AnomalyLifecycle() {}

  /** What the anomaly is about. */
  public record Subject(String kind, String level, String nodeId, String building, String energyType,
      String subject, String unit) implements java.io.Serializable {

    /** kind|node|subject: one anomaly of this identity is open at a time. */
    public String identity() {
      return kind + "|" + nodeId + "|" + subject;
    }
  }

  /** The open anomaly of an identity. A Flink POJO. */
  public static class Open {
    public String anomalyId;
    public long startedAt;
    public Severity severity;
    public double expected;
    public double actual;
    public double peakDeviationPct;
    public double publishedPeakPct;
    public double excessEnergy;
    public double excessCost;
    public String detail;
    public long version;

    public Open() {}
  }

  /** The state after an observation (null: nothing open) and the event to publish (null: none). */
  public record Step(Open open, Anomaly event) {}

  public static Step observe(Open open, Subject s, Verdict v, long atMs) {
    if (!v.abnormal()) {
      if (open == null) {
        return new Step(null, null);
      }
      open.version++;
      return new Step(null, event(open, s, AnomalyStatus.RESOLVED, atMs, atMs));
    }
    if (open == null) {
      long start = v.sinceMs() > 0 ? v.sinceMs() : atMs;
      Open o = new Open();
      o.anomalyId = s.identity() + "|" + start;
      o.startedAt = start;
      o.severity = v.severity();
      o.expected = v.expected();
      o.actual = v.actual();
      o.peakDeviationPct = v.deviationPct();
      o.publishedPeakPct = v.deviationPct();
      o.excessEnergy = v.excessEnergy();
      o.excessCost = v.excessCost();
      o.detail = v.detail();
      o.version = 1;
      return new Step(o, event(o, s, AnomalyStatus.OPEN, Math.max(atMs, start), null));
    }
    open.excessEnergy += v.excessEnergy();
    open.excessCost += v.excessCost();
    boolean worse = v.severity().ordinal() > open.severity.ordinal();
    if (Math.abs(v.deviationPct()) > Math.abs(open.peakDeviationPct)) {
      open.peakDeviationPct = v.deviationPct();
      open.expected = v.expected();
      open.actual = v.actual();
      open.detail = v.detail();
    }
    open.severity = open.severity.max(v.severity());
    boolean grown = Math.abs(open.peakDeviationPct) >= Math.abs(open.publishedPeakPct) + UPDATE_STEP_PCT;
    if (!worse && !grown) {
      return new Step(open, null);
    }
    open.publishedPeakPct = open.peakDeviationPct;
    open.version++;
    return new Step(open, event(open, s, AnomalyStatus.UPDATE, atMs, null));
  }

  private static Anomaly event(Open o, Subject s, AnomalyStatus status, long atMs, Long endedAt) {
    return Anomaly.newBuilder()
        .setAnomalyId(o.anomalyId).setKind(s.kind()).setStatus(status.name()).setSeverity(o.severity.name())
        .setLevel(s.level()).setNodeId(s.nodeId()).setBuilding(s.building() == null ? "" : s.building())
        .setEnergyType(s.energyType() == null ? "" : s.energyType()).setSubject(s.subject() == null ? "" : s.subject())
        .setStartedAt(Instant.ofEpochMilli(o.startedAt)).setUpdatedAt(Instant.ofEpochMilli(atMs))
        .setEndedAt(endedAt == null ? null : Instant.ofEpochMilli(endedAt))
        .setExpected(o.expected).setActual(o.actual).setPeakDeviationPct(round(o.peakDeviationPct))
        .setExcessEnergy(round(o.excessEnergy)).setUnit(s.unit() == null ? "" : s.unit())
        .setExcessCost(round(o.excessCost)).setDetail(o.detail == null ? "" : o.detail).setVersion(o.version)
        .build();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
