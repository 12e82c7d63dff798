package io.wattward.quota;

/**
 * A department's standing against a quota: OK; WARNING when the projection reaches the warning share of
 * the quota; ALARM once what is used already exceeds it.
 */
public enum QuotaStatus {
  OK, WARNING, ALARM
}
