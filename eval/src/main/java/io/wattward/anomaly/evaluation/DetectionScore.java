package io.wattward.anomaly.evaluation;

import io.wattward.anomaly.AnomalyKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores anomaly openings against known events. An opening <em>matches</em> an event of the same series
 * when its kind fits the event's ({@link EventKind#foundBy}) and it was published within the event's
 * span plus a grace ({@link #graceMs}); it is <em>during another event</em> when it falls in an event's
 * span and grace but its kind does not fit (a JUMP while a value is frozen: caused by the injection, but
 * not the right finding); otherwise it is a <em>false alarm</em>. An event is detected when at least one
 * opening matches it; a missed event is counted apart when a fitting anomaly was already open when it
 * began (the job then updates that anomaly instead of opening one).
 *
 * <p>Precision = matching openings / all openings; recall = detected events / events, per kind; false
 * alarms per meter-month = false alarms / (series x months).
 */
public final class DetectionScore {

  private static final long HOUR_MS = 3_600_000L;

  private DetectionScore() {}

  /**
   * How long after an event's end an opening of {@code anomalyKind} still counts: a night is judged when
   * its last hour ends, so up to a day after a change started; the hourly detectors publish within the
   * hour.
   */
  public static long graceMs(String anomalyKind) {
    return AnomalyKind.NIGHT_BASE_LOAD.name().equals(anomalyKind) ? 24 * HOUR_MS : HOUR_MS;
  }

  /**
   * @param missedWhileOpen missed events that began while a fitting anomaly was open
   * @param matchingOpenings openings that matched an event of this kind (a week-long step can open many)
   * @param medianHoursToDetect over the found events: hours from the event's start to its first matching
   *     opening's publication (NaN if none found)
   * @param excessInjected the energy the events added
   * @param excessFound the excess energy the matching openings carried (each opening once per event)
   */
  public record KindRecall(EventKind kind, int events, int detected, int missedWhileOpen, int matchingOpenings,
      Map<String, Integer> detectedBy, double medianHoursToDetect, double excessInjected, double excessFound) {
    public double recall() {
      return events == 0 ? Double.NaN : (double) detected / events;
    }
  }

  /** @param detector an anomaly kind, or "all" */
  public record DetectorPrecision(String detector, int openings, int matched, int duringOtherEvent, int falseAlarms,
      double falseAlarmsPerMeterMonth) {
    public double precision() {
      return openings == 0 ? Double.NaN : (double) matched / openings;
    }
  }

  public record Score(List<KindRecall> recall, List<DetectorPrecision> byDetector, DetectorPrecision all,
      List<Opening> falseAlarms) {}

  private enum Verdict { MATCHED, DURING_OTHER_EVENT, FALSE_ALARM }

  /** @param detectors the anomaly kinds that ran: each gets a row, also without openings */
  public static Score score(List<InjectedEvent> events, List<Opening> openings, List<String> detectors,
      int seriesCount, double months) {
    double meterMonths = seriesCount * months;
    Map<InjectedEvent, Map<String, Integer>> foundBy = new LinkedHashMap<>();
    Map<InjectedEvent, Long> firstFound = new LinkedHashMap<>();
    Map<InjectedEvent, Double> excessFound = new LinkedHashMap<>();
    for (InjectedEvent e : events) {
      foundBy.put(e, new TreeMap<>());
    }
    Map<EventKind, Integer> matchingOpenings = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>(); // openings, matched, during other event, false alarms
    detectors.forEach(d -> counts.put(d, new int[4]));
    List<Opening> falseAlarms = new ArrayList<>();
    for (Opening o : openings) {
      Verdict verdict = Verdict.FALSE_ALARM;
      Set<EventKind> matchedKinds = EnumSet.noneOf(EventKind.class);
      for (InjectedEvent e : events) {
        // published at the event's start means judged on the hours before it: not a finding
        if (!e.series().equals(o.series()) || o.detectedAtMs() <= e.startMs()
            || o.detectedAtMs() > e.endMs() + graceMs(o.kind())) {
          continue;
        }
        if (e.kind().foundBy(o.kind())) {
          verdict = Verdict.MATCHED;
          foundBy.get(e).merge(o.kind(), 1, Integer::sum);
          firstFound.merge(e, o.detectedAtMs(), Math::min);
          excessFound.merge(e, o.excessEnergy(), Double::sum);
          matchedKinds.add(e.kind());
        } else if (verdict == Verdict.FALSE_ALARM) {
          verdict = Verdict.DURING_OTHER_EVENT;
        }
      }
      matchedKinds.forEach(k -> matchingOpenings.merge(k, 1, Integer::sum));
      int[] c = counts.computeIfAbsent(o.kind(), k -> new int[4]);
      c[0]++;
      c[1 + verdict.ordinal()]++;
      if (verdict == Verdict.FALSE_ALARM) {
        falseAlarms.add(o);
      }
    }
    List<KindRecall> recall = new ArrayList<>();
    for (EventKind kind : EventKind.values()) {
      List<InjectedEvent> of = events.stream().filter(e -> e.kind() == kind).toList();
      if (of.isEmpty()) {
        continue;
      }
      Map<String, Integer> by = new TreeMap<>();
      int detected = 0;
      int missedWhileOpen = 0;
      List<Double> hoursToDetect = new ArrayList<>();
      double injected = 0;
      double found = 0;
      for (InjectedEvent e : of) {
        injected += e.excess();
        found += excessFound.getOrDefault(e, 0.0);
        if (!foundBy.get(e).isEmpty()) {
          hoursToDetect.add((firstFound.get(e) - e.startMs()) / (double) HOUR_MS);
          detected++;
          foundBy.get(e).keySet().forEach(k -> by.merge(k, 1, Integer::sum));
        } else if (openings.stream().anyMatch(o -> o.series().equals(e.series()) && e.kind().foundBy(o.kind())
            && o.detectedAtMs() <= e.startMs() && o.endedAtMs() > e.startMs())) {
          missedWhileOpen++;
        }
      }
      recall.add(new KindRecall(kind, of.size(), detected, missedWhileOpen, matchingOpenings.getOrDefault(kind, 0),
          by, median(hoursToDetect), injected, found));
    }
    List<DetectorPrecision> byDetector = new ArrayList<>();
    int[] total = new int[4];
    counts.forEach((kind, c) -> {
      byDetector.add(new DetectorPrecision(kind, c[0], c[1], c[2], c[3], c[3] / meterMonths));
      for (int i = 0; i < 4; i++) {
        total[i] += c[i];
      }
    });
    DetectorPrecision all = new DetectorPrecision("all", total[0], total[1], total[2], total[3],
        total[3] / meterMonths);
    falseAlarms.sort(Comparator.comparingLong(Opening::detectedAtMs));
    return new Score(recall, byDetector, all, falseAlarms);
  }

  /** The median (the mean of the middle two for an even count); NaN for none. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
