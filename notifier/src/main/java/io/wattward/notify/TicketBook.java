package io.wattward.notify;

/**
 * The tickets a work-order channel has opened, one per anomaly: kept in the notifier's store, so neither a
 * repeat, an escalation nor a restart opens a second ticket for the same anomaly.
 */
public interface TicketBook {

  /** The ticket opened for this anomaly, or null. */
  String ticket(String anomalyId);

  /** Records a ticket the repair system has just opened (before the next one is asked for). */
  void opened(String anomalyId, String ticketId);
}
