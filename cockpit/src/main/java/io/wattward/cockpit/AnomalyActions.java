package io.wattward.cockpit;

import static io.wattward.connectors.clickhouse.SqlQueries.quote;

import io.wattward.connectors.clickhouse.ClickHouseTime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An operator's acknowledgement or silence of an anomaly, as a row of {@code anomaly_actions}: the anomaly
 * must exist and not be resolved; the row is written before the page is answered. The anomaly job's rows
 * stay as the job wrote them (its versions decide the anomaly's own lifecycle).
 */
final class AnomalyActions {

  static final Duration MAX_SILENCE = Duration.ofDays(7);

  enum Outcome { DONE, NO_SUCH_ANOMALY }

  private final ClickHouseRows clickhouse;

  AnomalyActions(ClickHouseRows clickhouse) {
    this.clickhouse = clickhouse;
  }

  Outcome acknowledge(String anomalyId, String user, Instant now) throws SQLException {
    return record(anomalyId, "ACKNOWLEDGE", user, now, null);
  }

  Outcome silence(String anomalyId, String user, Instant now, Duration length) throws SQLException {
    if (length.isNegative() || length.isZero() || length.compareTo(MAX_SILENCE) > 0) {
      throw new IllegalArgumentException("a silence lasts from 1 hour to " + MAX_SILENCE.toDays() + " days");
    }
    return record(anomalyId, "SILENCE", user, now, now.plus(length));
  }

  private Outcome record(String anomalyId, String action, String user, Instant now, Instant until)
      throws SQLException {
    List<Map<String, Object>> open = clickhouse.query("SELECT count() AS n FROM anomalies FINAL WHERE anomaly_id = "
        + quote(anomalyId) + " AND status != 'RESOLVED'");
    if (ClickHouseRows.number(open.get(0).get("n")) == 0) {
      return Outcome.NO_SUCH_ANOMALY;
    }
    clickhouse.execute("INSERT INTO anomaly_actions (anomaly_id, action, by_user, at, until, note) VALUES ("
        + quote(anomalyId) + ", " + quote(action) + ", " + quote(user) + ", " + quote(ClickHouseTime.utc(now)) + ", "
        + (until == null ? "NULL" : quote(ClickHouseTime.utc(until))) + ", '')");
    return Outcome.DONE;
  }
}
