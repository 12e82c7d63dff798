package io.wattward.anomaly;

import io.wattward.config.WattwardConfig;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Judges a node's hours against what its load model expected of them (the forecaster: day type, holidays,
 * season, outdoor temperature, business volume) and against the node's own spread of such residuals. One
 * model of normal, three kinds of evidence, each a one-sided CUSUM of residuals in units of their own
 * spread, each step's share capped (so one hour or one night is weak evidence), drained by a reference
 * value every step:
 *
 * <ul>
 *   <li><b>hours</b> (JUMP): an hour against the spread of the same hour of day: a large rise, found within
 *       hours;
 *   <li><b>days</b> (JUMP): a local day's total against the spread of earlier days' totals: a small
 *       lasting rise (a leak on a small gas meter) that no single hour shows;
 *   <li><b>nights</b> (NIGHT_BASE_LOAD): the night hours [{@code nightFrom}, {@code nightTo}) against the
 *       spread of earlier nights, judged at the night's last hour: lights or plant left on.
 * </ul>
 *
 * An anomaly opens when the evidence reaches its threshold and the run's excess is worth a person's time
 * ({@code minExcess}); it resolves only when the evidence has drained to nothing (hysteresis: no flapping
 * near the threshold). With {@code bothWays}, hourly drops are judged the same way. A node opens at most
 * {@code maxOpeningsPerDay} anomalies a local day; the rest are counted ({@link State#suppressedTotal}) and
 * named in the next opening's detail. What the model should learn of an hour ({@link Judgement#learn}) is its
 * value, clipped to {@code cleanSigma} spreads from expectation while evidence of a change is less than a day
 * old: an anomaly does not teach the model it is normal at once, a change that lasts a day becomes normal.
 * Pure.
 */
public final class DeviationDetector implements Serializable {

  private static final long H = 3_600_000L;
  private static final int HOURS = 24;
  /** steps of evidence a spread needs before it is trusted */
  private static final int MIN_SEEN = 7;
  /** a residual counts at most this many times the level in a spread */
  private static final double MAX_RELATIVE = 5;
  /** how long into a run of evidence the model learns hours clipped */
  private static final long CLEAN_MS = 24 * H;

  /**
   * Thresholds are in spreads (the RMS of the node's own recent residuals at that scale).
   *
   * @param hourDrift what an hour must exceed to add evidence (the CUSUM's reference value)
   * @param hourOpen hourly evidence that opens JUMP
   * @param quietHoursOnly only hours expected at most at the node's mean load add hourly evidence of a rise:
   *     nights, weekends, holidays, where waste shows most and a busy day's surprises least
   * @param minHourExcess an hour closer than this to expectation (the node's unit) adds no hourly evidence
   * @param dayDrift what a day must exceed to add evidence
   * @param dayOpen daily evidence that opens JUMP
   * @param nightDrift what a night must exceed to add evidence
   * @param nightOpen night evidence that opens NIGHT_BASE_LOAD
   * @param stepCap the most one step (hour, day, night) adds
   * @param minExcess the least excess over a run (the node's unit) worth a person's time
   * @param criticalPct a run this far above expectation (%) is CRITICAL
   * @param spreadDays memory of the spreads, in days (in steps of their own scale)
   * @param levelDays memory of the load's level, in days: the scale of the spreads
   * @param minSpreadPct a spread is at least this share of the load's level
   * @param cleanSigma what the model learns of an hour is clipped to this many spreads from expectation, in
   *     the first day of a run of evidence
   * @param maxOpeningsPerDay openings per node and local day; more are suppressed and counted
   * @param bothWays also judge hourly drops
   * @param nightFrom first local hour of the night
   * @param nightTo local hour the night ends (exclusive)
   * @param warmUpDays days of residuals before anything is judged
   */
  public record Settings(double hourDrift, double hourOpen, boolean quietHoursOnly, double minHourExcess,
      double dayDrift, double dayOpen, double nightDrift, double nightOpen, double stepCap, double minExcess,
      double criticalPct, double spreadDays, double levelDays, double minSpreadPct, double cleanSigma,
      int maxOpeningsPerDay, boolean bothWays, int nightFrom, int nightTo, int warmUpDays)
      implements Serializable {

    /** The configured settings for nodes of this level and energy type (per-type values as configured). */
    public static Settings of(WattwardConfig.Deviation d, String level, String energyType) {
      return new Settings(d.hourDrift(), d.hourOpen(), d.quietHoursOnly(),
          WattwardConfig.lookup(d.minHourExcess(), level, energyType), d.dayDrift(), d.dayOpen(), d.nightDrift(),
          d.nightOpen(), d.stepCap(), WattwardConfig.lookup(d.minExcess(), level, energyType), d.criticalPct(),
          d.spreadDays(), d.levelDays(), d.minSpreadPct(), d.cleanSigma(), d.maxOpeningsPerDay(), d.bothWays(),
          d.nightFrom(), d.nightTo(), d.warmUpDays());
    }

    public Settings withMinExcess(double v) {
      return new Settings(hourDrift, hourOpen, quietHoursOnly, minHourExcess, dayDrift, dayOpen, nightDrift,
          nightOpen, stepCap, v, criticalPct, spreadDays, levelDays, minSpreadPct, cleanSigma, maxOpeningsPerDay,
          bothWays, nightFrom, nightTo, warmUpDays);
    }
  }

  /** Per node and energy type. A Flink POJO. */
  public static class State {
    /** per local hour of day: exponentially weighted mean square of the (clipped) residuals */
    public double[] meanSquare = new double[HOURS];
    public int[] seen = new int[HOURS];
    /** exponentially weighted mean load per hour: the scale of the spreads */
    public double level = Double.NaN;
    public long firstHourMs = Long.MIN_VALUE;
    public Run up = new Run();
    public Run down = new Run();
    public Period day = new Period();
    public Period night = new Period();
    /** whether JUMP is open (from any of its runs) */
    public boolean jumpOpen;
    /** openings this local day, and the day (epoch day) */
    public long openingDay = Long.MIN_VALUE;
    public int openingsToday;
    /** openings suppressed by the daily cap since the last one published */
    public int suppressed;
    /** all suppressed, ever */
    public long suppressedTotal;

    public State() {}
  }

  /** Evidence in one direction at one scale. A Flink POJO. */
  public static class Run {
    public double evidence;
    public long startMs;
    public double excess;
    public double expected;
    public boolean open;

    public Run() {}
  }

  /** A span of local hours summed and judged at its end (a day, a night). A Flink POJO. */
  public static class Period {
    public long startMs = Long.MIN_VALUE;
    public double residual;
    public double expected;
    public double actual;
    public int hours;
    public double meanSquare = Double.NaN;
    public int seen;
    public Run run = new Run();

    public Period() {}
  }

  /**
   * What an hour gives: the JUMP and NIGHT_BASE_LOAD verdicts (null when there is nothing to tell a
   * lifecycle: nothing open and nothing opening) and the value the model should learn.
   */
  public record Judgement(Verdict jump, Verdict night, double learn) {}

  /** How a run moved: nothing open, opening (to be allowed by the cap), open, closed. */
  private enum Move { QUIET, OPENING, OPEN, CLOSED }

  private final ZoneId zone;
  private final Settings s;

  public DeviationDetector(ZoneId zone, Settings settings) {
    this.zone = zone;
    this.s = settings;
  }

  /**
   * Judges the hour starting at {@code startMs}: {@code actual} against {@code expected} (NaN: the model
   * cannot say yet; the hour is then only learned from). {@code cost} is the hour's cost, to price the excess.
   */
  public Judgement judge(State st, long startMs, double actual, double expected, double cost, String unit) {
    if (st.firstHourMs == Long.MIN_VALUE) {
      st.firstHourMs = startMs;
    }
    st.level = Double.isNaN(st.level) ? actual : st.level + (actual - st.level) / (s.levelDays() * HOURS);
    if (!Double.isFinite(expected)) {
      return new Judgement(null, null, actual);
    }
    ZonedDateTime local = Instant.ofEpochMilli(startMs).atZone(zone);
    int hour = local.getHour();
    double residual = actual - expected;
    double spread = spread(st.meanSquare[hour], st.seen[hour], 1, st.level);
    boolean warm = startMs - st.firstHourMs >= s.warmUpDays() * 24 * H && !Double.isNaN(spread);
    double price = actual > 0 ? cost / actual : 0;
    Verdict jump = null;
    Verdict night = null;
    // the day and the night learn their spreads from the first hour with an expectation; evidence only once warm
    Move day = period(st, st.day, local, 0, HOURS, residual, expected, actual, s.dayDrift(), s.dayOpen(), warm);
    Move n = period(st, st.night, local, s.nightFrom(), s.nightTo(), residual, expected, actual, s.nightDrift(),
        s.nightOpen(), warm);
    if (warm) {
      // an hour that may not add evidence can still drain it
      double zUp = residual / spread;
      if (s.quietHoursOnly() && expected > st.level || residual < s.minHourExcess()) {
        zUp = Math.min(zUp, s.hourDrift());
      }
      double zDown = -residual / spread;
      if (-residual < s.minHourExcess()) {
        zDown = Math.min(zDown, s.hourDrift());
      }
      Move up = move(st.up, zUp, s.hourDrift(), s.hourOpen(), startMs, residual, expected);
      Move down = s.bothWays()
          ? move(st.down, zDown, s.hourDrift(), s.hourOpen(), startMs, -residual, expected) : Move.QUIET;
      jump = jumpVerdict(st, startMs, up, down, day, residual, expected, actual, price, unit);
      night = nightVerdict(st, startMs, n, price, unit);
    }
    // while a run's evidence (this hour's included) is younger than a day the model learns the hour clipped: a
    // leak does not teach it at once that it is normal, and a change that lasts a day is the new normal
    double learn = Double.isNaN(spread) || !suspected(st, startMs) ? actual
        : expected + Math.max(-s.cleanSigma() * spread, Math.min(s.cleanSigma() * spread, residual));
    learnHour(st, hour, learn - expected);
    return new Judgement(jump, night, learn);
  }

  private static boolean suspected(State st, long startMs) {
    for (Run r : new Run[] {st.up, st.down, st.day.run, st.night.run}) {
      if (r.evidence > 0 && startMs - r.startMs < CLEAN_MS) {
        return true;
      }
    }
    return false;
  }

  /**
   * A spread over {@code hours} hours: the RMS of residuals relative to the load's level then, times the
   * level now (so a spread learned in the heating season does not hide a leak in summer), at least
   * minSpreadPct of the level; NaN until trusted.
   */
  private double spread(double relativeMeanSquare, int seen, int hours, double level) {
    if (seen < MIN_SEEN || Double.isNaN(relativeMeanSquare)) {
      return Double.NaN;
    }
    double scale = Math.max(Math.abs(level), 1e-9) * hours;
    return Math.max(s.minSpreadPct() / 100, Math.sqrt(relativeMeanSquare)) * scale;
  }

  /** The residual relative to the level, capped: what a relative spread learns. */
  private static double relative(double residual, int hours, double level) {
    double r = residual / (Math.max(Math.abs(level), 1e-9) * hours);
    return Math.max(-MAX_RELATIVE, Math.min(MAX_RELATIVE, r));
  }

  private void learnHour(State st, int hour, double residual) {
    double r = relative(residual, 1, st.level);
    st.meanSquare[hour] = st.seen[hour] == 0 ? r * r
        : st.meanSquare[hour] + (r * r - st.meanSquare[hour]) / s.spreadDays();
    st.seen[hour]++;
  }

  /** Moves a run by one step of {@code z} spreads; the run's excess and expectation grow while it has evidence. */
  private Move move(Run r, double z, double drift, double open, long startMs, double excess, double expected) {
    double before = r.evidence;
    r.evidence = Math.min(2 * open, Math.max(0, r.evidence + Math.max(-s.stepCap(), Math.min(s.stepCap(), z)) - drift));
    if (r.evidence <= 0) {
      r.evidence = 0;
      r.excess = 0;
      r.expected = 0;
      boolean was = r.open;
      r.open = false;
      return was ? Move.CLOSED : Move.QUIET;
    }
    if (before <= 0) {
      r.startMs = startMs;
    }
    r.excess += excess;
    r.expected += expected;
    if (r.open) {
      return Move.OPEN;
    }
    return r.evidence >= open && r.excess >= s.minExcess() ? Move.OPENING : Move.QUIET;
  }

  /** Sums a period's hours; at its last hour, moves its run by the period's residual against its spread. */
  private Move period(State st, Period p, ZonedDateTime local, int from, int to, double residual, double expected,
      double actual, double drift, double open, boolean judged) {
    int hour = local.getHour();
    if (hour < from || hour >= to) {
      return p.run.open ? Move.OPEN : Move.QUIET;
    }
    long start = local.minusHours(hour - from).toInstant().toEpochMilli();
    if (start != p.startMs) {
      p.startMs = start;
      p.residual = 0;
      p.expected = 0;
      p.actual = 0;
      p.hours = 0;
    }
    p.residual += residual;
    p.expected += expected;
    p.actual += actual;
    p.hours++;
    if (hour != to - 1) {
      return p.run.open ? Move.OPEN : Move.QUIET;
    }
    if (p.hours < (to - from) * 5 / 6) {
      return p.run.open ? Move.OPEN : Move.QUIET; // too many hours missing to judge the period
    }
    double spread = spread(p.meanSquare, p.seen, p.hours, st.level);
    Move m = Double.isNaN(spread) || !judged ? (p.run.open ? Move.OPEN : Move.QUIET)
        : move(p.run, p.residual / spread, drift, open, p.startMs, p.residual, p.expected);
    double clipped = Double.isNaN(spread) ? p.residual
        : Math.max(-s.cleanSigma() * spread, Math.min(s.cleanSigma() * spread, p.residual));
    double r = relative(clipped, p.hours, st.level);
    p.meanSquare = Double.isNaN(p.meanSquare) ? r * r : p.meanSquare + (r * r - p.meanSquare) / s.spreadDays();
    p.seen++;
    return m;
  }

  private Verdict jumpVerdict(State st, long startMs, Move up, Move down, Move day, double residual, double expected,
      double actual, double price, String unit) {
    Run opening = up == Move.OPENING ? st.up : down == Move.OPENING ? st.down : day == Move.OPENING ? st.day.run : null;
    if (opening != null && !st.jumpOpen) {
      if (!allowOpening(st, startMs)) {
        for (Run r : new Run[] {st.up, st.down, st.day.run}) {
          if (!r.open) {
            r.evidence = 0;
            r.excess = 0;
            r.expected = 0;
          }
        }
        return null;
      }
      opening.open = true;
      st.jumpOpen = true;
      boolean drop = opening == st.down;
      double excess = drop ? -opening.excess : opening.excess;
      double pct = pct(excess, opening.expected);
      String scale = opening == st.day.run ? "the day" : (startMs - opening.startMs) / H + 1 + " h";
      return Verdict.abnormal(severity(pct), opening.expected, opening.expected + excess, pct, excess,
          excess * price, String.format("%.2f %s over %s against %.2f expected by the load model (%+.1f%%)",
              opening.expected + excess, unit, scale, opening.expected, pct) + suppressedNote(st))
          .since(opening.startMs);
    }
    for (Run r : new Run[] {st.up, st.down, st.day.run}) {
      if (opening == r) {
        r.open = true; // JUMP is already open: this run joins it
      }
    }
    boolean open = st.up.open || st.down.open || st.day.run.open;
    if (open) {
      double pct = pct(residual, expected);
      return Verdict.abnormal(severity(pct), expected, actual, pct, residual, residual * price,
          String.format("%.2f %s in the hour against %.2f expected by the load model (%+.1f%%)", actual, unit, expected,
              pct));
    }
    if (st.jumpOpen) {
      st.jumpOpen = false;
      return Verdict.normal(expected, actual);
    }
    return null;
  }

  private Verdict nightVerdict(State st, long startMs, Move m, double price, String unit) {
    Period p = st.night;
    int hours = s.nightTo() - s.nightFrom();
    int hour = Instant.ofEpochMilli(startMs).atZone(zone).getHour();
    if (hour != s.nightTo() - 1 || p.startMs != startMs - (long) (hours - 1) * H) {
      return null; // judged only at a night's end
    }
    double pct = pct(p.residual, p.expected);
    String detail = String.format("night base load %.2f %s/h (%02d:00-%02d:00) against %.2f expected by the load "
        + "model (%+.1f%%)", p.actual / hours, unit, s.nightFrom(), s.nightTo(), p.expected / hours, pct);
    switch (m) {
      case OPENING -> {
        if (!allowOpening(st, startMs)) {
          p.run.evidence = 0;
          p.run.excess = 0;
          p.run.expected = 0;
          return null;
        }
        p.run.open = true;
        return Verdict.abnormal(severity(pct), p.expected / hours, p.actual / hours, pct, p.run.excess,
            p.run.excess * price, detail + suppressedNote(st)).since(p.run.startMs);
      }
      case OPEN -> {
        return Verdict.abnormal(severity(pct), p.expected / hours, p.actual / hours, pct, p.residual,
            p.residual * price, detail);
      }
      case CLOSED -> {
        return Verdict.normal(p.expected / hours, p.actual / hours);
      }
      default -> {
        return null;
      }
    }
  }

  private static double pct(double excess, double expected) {
    double pct = expected > 0 ? 100 * excess / expected : Math.signum(excess) * 999.9;
    return Math.max(-999.9, Math.min(999.9, pct));
  }

  private Severity severity(double pct) {
    return Math.abs(pct) >= s.criticalPct() ? Severity.CRITICAL : Severity.WARNING;
  }

  private static String suppressedNote(State st) {
    int n = st.suppressed;
    st.suppressed = 0;
    return n > 0 ? "; " + n + " more held back by the daily cap before this one" : "";
  }

  private boolean allowOpening(State st, long startMs) {
    long day = Instant.ofEpochMilli(startMs).atZone(zone).toLocalDate().toEpochDay();
    if (day != st.openingDay) {
      st.openingDay = day;
      st.openingsToday = 0;
    }
    if (st.openingsToday >= s.maxOpeningsPerDay()) {
      st.suppressed++;
      st.suppressedTotal++;
      return false;
    }
    st.openingsToday++;
    return true;
  }
}
