package io.wattward.topology;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.SpatialPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;


/** Puts meter registrations where jobs and analysts find them: the topology topic and ClickHouse. */
public final class TopologyLoader {

  private TopologyLoader() {}

  /**
   * Publishes each registration to the compacted topology topic, keyed by meter id and effective time:
   * compaction keeps every registration a meter has had (its history: a replay validates old readings
   * against the registration of their time), and only a reload of the same registration replaces one.
   */
  public static void publish(String bootstrap, String topic, List<MeterRegistration> registrations) {
    try (KafkaProducer<byte[], byte[]> producer =
        io.wattward.connectors.kafka.OrderedProducer.create(bootstrap)) {
      for (MeterRegistration r : registrations) {
        String key = r.getMeterId() + "|" + r.getEffectiveFrom();
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
            AvroMessages.encode(MeterRegistration.getEncoder(), r)));
      }
      producer.flush();
    }
  }

  /**
   * Reads the whole compacted topology topic (every registration still on it), for a job to start
   * with; registrations published later reach the job through its topology stream.
   */
  public static List<MeterRegistration> readAll(String bootstrap, String topic) {
    List<MeterRegistration> out = new java.util.ArrayList<>();
    io.wattward.connectors.kafka.RegistrationDecoder decoder = new io.wattward.connectors.kafka.RegistrationDecoder();
    io.wattward.connectors.kafka.TopicReader.readToEnd(bootstrap, topic, record -> {
      try {
        out.add(decoder.decode(record.value()));
      } catch (Exception e) {
        throw new IllegalStateException("topology topic " + topic + " holds a record that is not a "
            + "MeterRegistration at offset " + record.offset() + ": " + e, e);
      }
    });
    return out;
  }

  /** Writes the registrations to ClickHouse {@code meter_registry}; a reload replaces earlier loads. */
  public static void load(ClickHouseEndpoint endpoint, List<MeterRegistration> registrations) throws SQLException {
    long version = System.currentTimeMillis();
    try (Connection c = endpoint.open();
        PreparedStatement ps = c.prepareStatement("INSERT INTO meter_registry (meter_id, effective_from, "
            + "point_kind, energy_type, category_code, sub_item_code, hospital, campus, building, floor, "
            + "department, room, system, subsystem, device, value_kind, unit, multiplier, register_capacity, "
            + "version, accounting, formula, max_rate_per_hour) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (MeterRegistration r : registrations) {
        SpatialPath s = r.getSpatial();
        ItemizedPath i = r.getItemized();
        int k = 1;
        ps.setString(k++, r.getMeterId());
        ps.setString(k++, io.wattward.connectors.clickhouse.ClickHouseTime.utc(r.getEffectiveFrom()));
        ps.setString(k++, r.getPointKind());
        ps.setString(k++, r.getEnergyType().name());
        ps.setString(k++, r.getCategoryCode());
        ps.setString(k++, orEmpty(r.getSubItemCode()));
        ps.setString(k++, s.getHospital());
        ps.setString(k++, s.getCampus());
        ps.setString(k++, orEmpty(s.getBuilding()));
        ps.setString(k++, orEmpty(s.getFloor()));
        ps.setString(k++, orEmpty(s.getDepartment()));
        ps.setString(k++, orEmpty(s.getRoom()));
        ps.setString(k++, orEmpty(i.getSystem()));
        ps.setString(k++, orEmpty(i.getSubsystem()));
        ps.setString(k++, orEmpty(i.getDevice()));
        ps.setString(k++, r.getValueKind().name());
        ps.setString(k++, r.getUnit());
        ps.setDouble(k++, r.getMultiplier());
        ps.setDouble(k++, r.getRegisterCapacity() == null ? 0.0 : r.getRegisterCapacity());
        ps.setLong(k++, version);
        ps.setInt(k++, r.getAccounting() ? 1 : 0);
        ps.setString(k++, orEmpty(r.getFormula()));
        ps.setDouble(k, r.getMaxRatePerHour() == null ? 0.0 : r.getMaxRatePerHour());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }
}
