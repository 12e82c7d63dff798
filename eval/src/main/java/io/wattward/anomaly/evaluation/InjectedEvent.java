package io.wattward.anomaly.evaluation;

import java.time.Instant;

/** An anomaly put into (or labelled in) one series over the hours [startMs, endMs). */
public record InjectedEvent(EventKind kind, String series, long startMs, long endMs, String detail) {

  @Override
  public String toString() {
    return kind + " " + series + " " + Instant.ofEpochMilli(startMs) + ".." + Instant.ofEpochMilli(endMs) + " "
        + detail;
  }
}
