package io.wattward.kpi;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.OrderedProducer;
import io.wattward.schema.BusinessVolume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Business volume from CSV ({@code node_id,day,outpatient_visits,inpatient_bed_days[,published_at]}; a
 * metric may be empty, not both), published to the compacted business-volume topic, where the forecast
 * job takes it as a driver and writes it to ClickHouse {@code business_volume}.
 *
 * <p>{@code published_at} (ISO-8601 with offset) is when the figures were known; a forecast uses only
 * volumes published by its issue time. Without it, a row counts as known from the start of the day
 * before its day (local): appointments are booked by then, and a backfill of past days is then used for
 * learning as if it had been planned.
 */
public final class Volumes {
  private Volumes() {}

  public static List<BusinessVolume> read(Path file, ZoneId zone) throws IOException {
    String source = "csv:" + file.getFileName();
    return CsvRows.read(file, r -> {
      String node = r.get("node_id").strip();
      if (node.isEmpty()) {
        throw new IllegalArgumentException("node_id is empty");
      }
      LocalDate day = LocalDate.parse(r.get("day").strip());
      Double visits = metric(r, "outpatient_visits");
      Double bedDays = metric(r, "inpatient_bed_days");
      if (visits == null && bedDays == null) {
        throw new IllegalArgumentException("neither outpatient_visits nor inpatient_bed_days is given");
      }
      String published = r.isMapped("published_at") ? r.get("published_at").strip() : "";
      return of(node, day, visits, bedDays, published.isEmpty() ? null : OffsetDateTime.parse(published).toInstant(),
          zone, source);
    });
  }

  /**
   * One node's figures of one day (a metric not reported: null), published at {@code publishedAt}, or when
   * null at the start of the day before (local).
   */
  public static BusinessVolume of(String nodeId, LocalDate day, Double visits, Double bedDays, Instant publishedAt,
      ZoneId zone, String source) {
    return BusinessVolume.newBuilder().setNodeId(nodeId).setDay(day).setOutpatientVisits(visits)
        .setInpatientBedDays(bedDays)
        .setPublishedAt(publishedAt != null ? publishedAt : day.minusDays(1).atStartOfDay(zone).toInstant())
        .setSource(source).build();
  }

  private static Double metric(CSVRecord r, String column) {
    String text = r.isMapped(column) ? r.get(column).strip() : "";
    if (text.isEmpty()) {
      return null;
    }
    double v = Double.parseDouble(text);
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(column + " must be a number >= 0, not " + text);
    }
    return v;
  }

  /** Kafka key: nodeId|day, so compaction keeps the latest figures of each node and day. */
  public static void publish(String bootstrap, String topic, List<BusinessVolume> volumes) {
    try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(bootstrap)) {
      for (BusinessVolume v : volumes) {
        String key = v.getNodeId() + "|" + v.getDay();
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
            AvroMessages.encode(BusinessVolume.getEncoder(), v)));
      }
    }
  }
}
