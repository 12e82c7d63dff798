package io.wattward.anomaly.evaluation;

import java.time.Instant;

/**
 * An anomaly put into (or labelled in) one series over the hours [startMs, endMs), and the energy it added
 * ({@code excess}, the series' unit; 0 where it adds none: a freeze, a silence, a labelled window).
 */
public record InjectedEvent(EventKind kind, String series, long startMs, long endMs, String detail, double excess) {

  public InjectedEvent(EventKind kind, String series, long startMs, long endMs, String detail) {
    this(kind, series, startMs, endMs, detail, 0);
  }

  @Override
  public String toString() {
    return kind + " " + series + " " + Instant.ofEpochMilli(startMs) + ".." + Instant.ofEpochMilli(endMs) + " "
        + detail;
  }
}
