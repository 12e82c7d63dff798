package io.wattward.normalize;

/**
 * Turns two successive readings of a cumulative register into the consumption between them.
 * Values are in milli-units of the meter's unit (Wh for a kWh register), so arithmetic is exact.
 *
 * <p>A register that goes down either wrapped past its capacity (rollover: the consumption is what
 * was left to the capacity plus the new value) or was reset or replaced (a new baseline: the
 * consumption of that interval is unknown and counted as zero, never guessed).
 */
public final class CounterNormalizer {

  public enum Outcome { ADVANCE, ROLLOVER, RESET }

  /** Consumption of one interval and how it was derived. */
  public record Step(long consumptionMilli, Outcome outcome) {}

  /**
   * A drop is taken as a rollover only if the implied consumption is under this share of the
   * register's capacity; a larger "rollover" is far more likely a reset near the top of the range.
   */
  static final double MAX_ROLLOVER_SHARE = 0.1;

  private CounterNormalizer() {}

  /**
   * @param previousMilli the earlier register value
   * @param currentMilli the later register value
   * @param capacityMilli the value at which the register wraps to zero, or 0 if unknown
   */
  public static Step step(long previousMilli, long currentMilli, long capacityMilli) {
    if (currentMilli >= previousMilli) {
      return new Step(currentMilli - previousMilli, Outcome.ADVANCE);
    }
    if (capacityMilli > 0 && previousMilli <= capacityMilli) {
      long wrapped = capacityMilli - previousMilli + currentMilli;
      if (wrapped <= capacityMilli * MAX_ROLLOVER_SHARE) {
        return new Step(wrapped, Outcome.ROLLOVER);
      }
    }
    return new Step(0, Outcome.RESET);
  }
}
