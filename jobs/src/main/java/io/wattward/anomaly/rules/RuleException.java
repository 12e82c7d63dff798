package io.wattward.anomaly.rules;

/** A rule set that cannot be used; the message says which rule and why. */
public final class RuleException extends RuntimeException {
  public RuleException(String message) {
    super(message);
  }

  public RuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
