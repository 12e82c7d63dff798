package io.wattward.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * What one step of the {@link MeterLedger} asks its operator to do: minutes to write (in order), meter
 * events, rejected readings, event times at which to call {@link MeterLedger#advance} and the number
 * of late corrections made.
 */
public final class LedgerOutput {
  private final List<MeterMinute> minutes = new ArrayList<>();
  private final List<MeterEvent> events = new ArrayList<>();
  private final List<LedgerRejection> rejections = new ArrayList<>();
  private final List<Long> wakeUps = new ArrayList<>();
  private int corrections;

  void minute(MeterMinute m) {
    minutes.add(m);
  }

  void event(MeterEvent e) {
    events.add(e);
  }

  void reject(LedgerReading r, LedgerRejection.Reason reason, String detail) {
    rejections.add(new LedgerRejection(r, reason, detail));
  }

  void wakeAt(long timeMs) {
    wakeUps.add(timeMs);
  }

  void corrected() {
    corrections++;
  }

  public List<MeterMinute> minutes() {
    return minutes;
  }

  public List<MeterEvent> events() {
    return events;
  }

  public List<LedgerRejection> rejections() {
    return rejections;
  }

  public List<Long> wakeUps() {
    return wakeUps;
  }

  public int corrections() {
    return corrections;
  }
}
