package io.wattward.anomaly;

/**
 * A detector's judgement of one observation: normal, or abnormal with a severity, what was expected and
 * measured, and the energy (in the observation's unit) and cost above what was expected.
 * {@code sinceMs}, when positive, is when the condition began (a detector that confirms over several
 * observations knows it started before it says so); an anomaly opened by the verdict starts there.
 */
public record Verdict(boolean abnormal, Severity severity, double expected, double actual, double deviationPct,
    double excessEnergy, double excessCost, String detail, long sinceMs) {

  public static Verdict normal(double expected, double actual) {
    return new Verdict(false, Severity.INFO, expected, actual, 0, 0, 0, "", 0);
  }

  public static Verdict abnormal(Severity severity, double expected, double actual, double deviationPct,
      double excessEnergy, double excessCost, String detail) {
    return new Verdict(true, severity, expected, actual, deviationPct, excessEnergy, excessCost, detail, 0);
  }

  /** The same verdict, saying the condition began at {@code startMs}. */
  public Verdict since(long startMs) {
    return new Verdict(abnormal, severity, expected, actual, deviationPct, excessEnergy, excessCost, detail, startMs);
  }
}
