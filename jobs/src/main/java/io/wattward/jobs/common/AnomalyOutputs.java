package io.wattward.jobs.common;

import static io.wattward.connectors.clickhouse.ClickHouseTime.utc;

import io.wattward.connectors.kafka.AvroKafkaSink;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.Anomaly;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where anomalies go, from the anomaly job and the forecast job alike: the anomalies topic (for the
 * notifier) and ClickHouse {@code anomalies}.
 */
public final class AnomalyOutputs {
  private AnomalyOutputs() {}

  public static final ClickHouseTable<Anomaly> TABLE = ClickHouseTable.of("anomalies", "anomaly_id, kind, status, "
      + "severity, node_level, node_id, building, energy_type, subject, started_at, updated_at, ended_at, expected, "
      + "actual, peak_deviation_pct, excess_energy, unit, excess_cost_cny, detail, version", (ps, a) -> {
        ps.setString(1, a.getAnomalyId());
        ps.setString(2, a.getKind());
        ps.setString(3, a.getStatus());
        ps.setString(4, a.getSeverity());
        ps.setString(5, a.getLevel());
        ps.setString(6, a.getNodeId());
        ps.setString(7, a.getBuilding());
        ps.setString(8, a.getEnergyType());
        ps.setString(9, a.getSubject());
        ps.setString(10, utc(a.getStartedAt().toEpochMilli()));
        ps.setString(11, utc(a.getUpdatedAt().toEpochMilli()));
        if (a.getEndedAt() == null) {
          ps.setNull(12, java.sql.Types.TIMESTAMP);
        } else {
          ps.setString(12, utc(a.getEndedAt().toEpochMilli()));
        }
        ps.setDouble(13, a.getExpected());
        ps.setDouble(14, a.getActual());
        ps.setDouble(15, a.getPeakDeviationPct());
        ps.setDouble(16, a.getExcessEnergy());
        ps.setString(17, a.getUnit());
        ps.setDouble(18, a.getExcessCost());
        ps.setString(19, a.getDetail());
        ps.setLong(20, a.getVersion());
      });

  /** The anomalies topic, keyed by anomaly id. */
  public static Sink<Anomaly> topic(String bootstrap, String topic) {
    return AvroKafkaSink.of(bootstrap, topic, a -> a.getAnomalyId().toString(),
        a -> AvroMessages.encode(Anomaly.getEncoder(), a));
  }
}
