package io.wattward.notify;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every delivery attempt to ClickHouse {@code notification_log} and new tickets to {@code work_orders}. */
public final class DeliveryLog {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);
  private final ClickHouseEndpoint endpoint;

  public DeliveryLog(ClickHouseEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  public void attempt(Notification n, String channel, int attempt, String status, String detail, long atMs,
      long durationMs) {
    try (Connection c = endpoint.open(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO notification_log (notification_id, receiver, channel, group_key, reason, severity, anomaly_ids, "
            + "attempt, status, detail, attempted_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, n.id());
      ps.setString(2, n.receiver());
      ps.setString(3, channel);
      ps.setString(4, n.groupKey());
      ps.setString(5, n.reason());
      ps.setString(6, n.firing().isEmpty() ? "RESOLVED" : n.severity());
      ps.setString(7, java.util.stream.Stream.concat(n.firing().stream(), n.resolved().stream())
          .map(a -> a.getAnomalyId()).collect(Collectors.joining(",")));
      ps.setInt(8, attempt);
      ps.setString(9, status);
      ps.setString(10, detail == null ? "" : detail);
      ps.setString(11, ClickHouseTime.utc(atMs));
      ps.setLong(12, durationMs);
      ps.execute();
    } catch (Exception e) {
      // the log must not stop deliveries: say so loudly and go on
      LOG.error("cannot write the delivery log for {} over {}: {}", n.id(), channel, e.toString());
    }
  }

  public void ticket(String anomalyId, String receiver, String ticketId, long atMs) {
    try (Connection c = endpoint.open(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO work_orders (anomaly_id, receiver, ticket_id, opened_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, anomalyId);
      ps.setString(2, receiver);
      ps.setString(3, ticketId);
      ps.setString(4, ClickHouseTime.utc(atMs));
      ps.execute();
    } catch (Exception e) {
      LOG.error("cannot record ticket {} of {}: {}", ticketId, anomalyId, e.toString());
    }
  }
}
