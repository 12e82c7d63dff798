package io.wattward.kpi;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.KpiQuota;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;


/**
 * Departmental quotas: read from CSV ({@code department_id,energy_type,period,quota,basis} with basis
 * {@code total}, {@code per_bed} or {@code per_m2}; period a local month {@code 2026-11} or year
 * {@code 2026}), resolved to totals with the departments' beds and floor area from {@code node_info},
 * loaded into ClickHouse {@code kpi_quotas} and published to the compacted quotas topic.
 */
public final class Quotas {
  private Quotas() {}

  /** A quota as written in the CSV. */
  public record Row(String departmentId, String energyType, String period, double quota, String basis) {}

  public static List<Row> read(Path file) throws IOException {
    return CsvRows.read(file, r -> {
      String period = r.get("period").strip();
      if (period.length() == 7) {
        YearMonth.parse(period);
      } else {
        Year.parse(period);
      }
      String basis = r.get("basis").strip().isEmpty() ? "total" : r.get("basis").strip();
      if (!List.of("total", "per_bed", "per_m2").contains(basis)) {
        throw new IllegalArgumentException("basis must be total, per_bed or per_m2, not " + basis);
      }
      double quota = Double.parseDouble(r.get("quota"));
      if (!(quota > 0)) {
        throw new IllegalArgumentException("quota must be positive");
      }
      return new Row(r.get("department_id").strip(), r.get("energy_type").strip(), period, quota, basis);
    });
  }

  /** Canonical unit of an energy type (as the roll-ups use). */
  public static String unit(String energyType) {
    return switch (energyType) {
      case "ELECTRICITY" -> "kWh";
      case "WATER", "NATURAL_GAS" -> "m3";
      case "STEAM" -> "t";
      default -> "GJ";
    };
  }

  /** Resolves per-bed and per-m2 quotas with node_info; fails naming the department that lacks beds or area. */
  public static List<KpiQuota> resolve(ClickHouseEndpoint endpoint, List<Row> rows) throws SQLException {
    Map<String, double[]> info = new HashMap<>();
    try (Connection c = endpoint.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT node_id, beds, area_m2 FROM node_info FINAL WHERE node_level = 'department'")) {
      while (rs.next()) {
        info.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
      }
    }
    List<KpiQuota> out = new ArrayList<>();
    for (Row r : rows) {
      double factor = 1;
      if (!r.basis().equals("total")) {
        double[] i = info.get(r.departmentId());
        int idx = r.basis().equals("per_bed") ? 0 : 1;
        if (i == null || i[idx] <= 0) {
          throw new IllegalArgumentException("quota of " + r.departmentId() + " is " + r.basis() + " but node_info has no "
              + (idx == 0 ? "beds" : "area_m2") + " for it (load it with `wattward topology load --nodes FILE`)");
        }
        factor = i[idx];
      }
      out.add(KpiQuota.newBuilder().setDepartmentId(r.departmentId()).setEnergyType(r.energyType())
          .setPeriod(r.period()).setQuota(r.quota() * factor).setUnit(unit(r.energyType())).setBasis(r.basis())
          .setPerBasis(r.quota()).build());
    }
    return out;
  }

  public static void load(ClickHouseEndpoint endpoint, List<KpiQuota> quotas) throws SQLException {
    long version = System.currentTimeMillis();
    try (Connection c = endpoint.open(); PreparedStatement ps = c.prepareStatement("INSERT INTO kpi_quotas "
        + "(department_id, energy_type, period, quota, unit, basis, per_basis, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (KpiQuota q : quotas) {
        ps.setString(1, q.getDepartmentId());
        ps.setString(2, q.getEnergyType());
        ps.setString(3, q.getPeriod());
        ps.setDouble(4, q.getQuota());
        ps.setString(5, q.getUnit());
        ps.setString(6, q.getBasis());
        ps.setDouble(7, q.getPerBasis());
        ps.setLong(8, version);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public static void publish(String bootstrap, String topic, List<KpiQuota> quotas) {
    try (KafkaProducer<byte[], byte[]> producer = io.wattward.connectors.kafka.OrderedProducer.create(bootstrap)) {
      for (KpiQuota q : quotas) {
        String key = q.getDepartmentId() + "|" + q.getEnergyType() + "|" + q.getPeriod();
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
            AvroMessages.encode(KpiQuota.getEncoder(), q)));
      }
    }
  }
}
