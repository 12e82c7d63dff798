package io.wattward.topology;

import io.wattward.schema.EnergyType;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.SpatialPath;
import io.wattward.schema.ValueKind;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The meter registry as CSV, one meter registration a row: what facility staff maintain in a
 * spreadsheet. Empty cells are absent levels (a building main meter has no floor).
 */
public final class TopologyCsv {

  public static final String[] HEADER = {
      "meter_id", "point_kind", "energy_type", "category_code", "sub_item_code",
      "hospital", "campus", "building", "floor", "department", "room",
      "system", "subsystem", "device",
      "value_kind", "unit", "multiplier", "register_capacity", "effective_from",
      "accounting", "formula", "max_rate_per_hour"};

  private TopologyCsv() {}

  public static List<MeterRegistration> read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  public static List<MeterRegistration> read(Reader in, String source) throws IOException {
    List<MeterRegistration> out = new ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    for (CSVRecord r : format.parse(in)) {
      try {
        out.add(MeterRegistration.newBuilder()
            .setMeterId(required(r, "meter_id"))
            .setPointKind(required(r, "point_kind"))
            .setEnergyType(EnergyType.valueOf(required(r, "energy_type")))
            .setCategoryCode(required(r, "category_code"))
            .setSubItemCode(optional(r, "sub_item_code"))
            .setSpatial(new SpatialPath(required(r, "hospital"), required(r, "campus"),
                optional(r, "building"), optional(r, "floor"), optional(r, "department"), optional(r, "room")))
            .setItemized(new ItemizedPath(optional(r, "system"), optional(r, "subsystem"), optional(r, "device")))
            .setValueKind(ValueKind.valueOf(required(r, "value_kind")))
            .setUnit(required(r, "unit"))
            .setMultiplier(Double.parseDouble(required(r, "multiplier")))
            .setRegisterCapacity(optional(r, "register_capacity") == null ? null
                : Double.parseDouble(r.get("register_capacity")))
            .setEffectiveFrom(Instant.parse(required(r, "effective_from")))
            .setAccounting(optional(r, "accounting") == null || Boolean.parseBoolean(r.get("accounting")))
            .setFormula(optional(r, "formula"))
            .setMaxRatePerHour(optional(r, "max_rate_per_hour") == null ? null
                : Double.parseDouble(r.get("max_rate_per_hour")))
            .build());
      } catch (RuntimeException e) {
        throw new IOException(source + " line " + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  public static void write(Path file, List<MeterRegistration> registrations) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).build())) {
      for (MeterRegistration m : registrations) {
        SpatialPath s = m.getSpatial();
        ItemizedPath i = m.getItemized();
        p.printRecord(m.getMeterId(), m.getPointKind(), m.getEnergyType(), m.getCategoryCode(),
            blank(m.getSubItemCode()), s.getHospital(), s.getCampus(), blank(s.getBuilding()),
            blank(s.getFloor()), blank(s.getDepartment()), blank(s.getRoom()), blank(i.getSystem()),
            blank(i.getSubsystem()), blank(i.getDevice()), m.getValueKind(), m.getUnit(),
            m.getMultiplier(), m.getRegisterCapacity() == null ? "" : m.getRegisterCapacity(),
            m.getEffectiveFrom(), m.getAccounting(), blank(m.getFormula()),
            m.getMaxRatePerHour() == null ? "" : m.getMaxRatePerHour());
      }
    }
  }

  private static String required(CSVRecord r, String column) {
    String v = r.get(column);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("column " + column + " is empty");
    }
    return v.strip();
  }

  private static String optional(CSVRecord r, String column) {
    String v = r.isMapped(column) ? r.get(column) : null;
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static String blank(String v) {
    return v == null ? "" : v;
  }
}
