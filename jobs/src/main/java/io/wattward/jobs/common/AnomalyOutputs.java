package io.wattward.jobs.common;

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

  public static final ClickHouseTable<Anomaly> TABLE = ClickHouseTable.<Anomaly>named("anomalies")
      .text("anomaly_id", Anomaly::getAnomalyId)
      .text("kind", Anomaly::getKind)
      .text("status", Anomaly::getStatus)
      .text("severity", Anomaly::getSeverity)
      .text("node_level", Anomaly::getLevel)
      .text("node_id", Anomaly::getNodeId)
      .text("building", Anomaly::getBuilding)
      .text("energy_type", Anomaly::getEnergyType)
      .text("subject", Anomaly::getSubject)
      .time("started_at", a -> a.getStartedAt().toEpochMilli())
      .time("updated_at", a -> a.getUpdatedAt().toEpochMilli())
      .timeOrNull("ended_at", a -> a.getEndedAt() == null ? null : a.getEndedAt().toEpochMilli())
      .number("expected", Anomaly::getExpected)
      .number("actual", Anomaly::getActual)
      .number("peak_deviation_pct", Anomaly::getPeakDeviationPct)
      .number("excess_energy", Anomaly::getExcessEnergy)
      .text("unit", Anomaly::getUnit)
      .number("excess_cost_cny", Anomaly::getExcessCost)
      .text("detail", Anomaly::getDetail)
      .bigint("version", Anomaly::getVersion);

  /** The anomalies topic, keyed by anomaly id. */
  public static Sink<Anomaly> topic(String bootstrap, String topic) {
    return AvroKafkaSink.of(bootstrap, topic, a -> a.getAnomalyId().toString(),
        a -> AvroMessages.encode(Anomaly.getEncoder(), a));
  }
}
