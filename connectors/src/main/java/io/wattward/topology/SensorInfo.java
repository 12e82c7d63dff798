package io.wattward.topology;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The registry of environment sensor sets: where each one hangs in the spatial hierarchy and the type
 * of room it watches, which selects the range profile its readings are held to. Kept as CSV
 * ({@code sensor_id,hospital,campus,building,floor,department,room,room_type}; empty cells for levels
 * that do not apply) and loaded into ClickHouse {@code sensor_registry}. An outdoor sensor set has no
 * building and stands for its campus.
 */
public record SensorInfo(String sensorId, String hospital, String campus, String building, String floor,
    String department, String room, String roomType) implements Serializable {

  private static final String[] HEADER =
      {"sensor_id", "hospital", "campus", "building", "floor", "department", "room", "room_type"};

  public SensorInfo {
    if (sensorId == null || sensorId.isBlank() || hospital == null || hospital.isBlank() || campus == null
        || campus.isBlank() || roomType == null || roomType.isBlank()) {
      throw new IllegalArgumentException("a sensor needs sensor_id, hospital, campus and room_type");
    }
    building = blankToNull(building);
    floor = blankToNull(floor);
    department = blankToNull(department);
    room = blankToNull(room);
    if (floor != null && building == null || room != null && floor == null) {
      throw new IllegalArgumentException("sensor " + sensorId + ": a floor needs a building and a room a floor");
    }
  }

  public static List<SensorInfo> read(Path file) throws IOException {
    List<SensorInfo> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        try {
          out.add(new SensorInfo(r.get("sensor_id"), r.get("hospital"), r.get("campus"), r.get("building"),
              r.get("floor"), r.get("department"), r.get("room"), r.get("room_type")));
        } catch (RuntimeException e) {
          throw new IOException(file + " line " + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  public static void write(Path file, List<SensorInfo> sensors) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).build())) {
      for (SensorInfo s : sensors) {
        p.printRecord(s.sensorId, s.hospital, s.campus, orEmpty(s.building), orEmpty(s.floor),
            orEmpty(s.department), orEmpty(s.room), s.roomType);
      }
    }
  }

  /** Writes the sensors to ClickHouse {@code sensor_registry}; a reload replaces earlier loads. */
  public static void load(ClickHouseEndpoint endpoint, List<SensorInfo> sensors) throws SQLException {
    long version = System.currentTimeMillis();
    try (Connection c = endpoint.open(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO sensor_registry (sensor_id, hospital, campus, building, floor, department, room, room_type, "
            + "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (SensorInfo s : sensors) {
        ps.setString(1, s.sensorId);
        ps.setString(2, s.hospital);
        ps.setString(3, s.campus);
        ps.setString(4, orEmpty(s.building));
        ps.setString(5, orEmpty(s.floor));
        ps.setString(6, orEmpty(s.department));
        ps.setString(7, orEmpty(s.room));
        ps.setString(8, s.roomType);
        ps.setLong(9, version);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The registry as last loaded into ClickHouse {@code sensor_registry}. */
  public static List<SensorInfo> readAll(ClickHouseEndpoint endpoint) throws SQLException {
    List<SensorInfo> out = new ArrayList<>();
    try (Connection c = endpoint.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT sensor_id, hospital, campus, building, floor, department, room, room_type "
            + "FROM sensor_registry FINAL ORDER BY sensor_id")) {
      while (rs.next()) {
        out.add(new SensorInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8)));
      }
    }
    return out;
  }

  /** Node id of the sensor's campus, building, floor and room, as the meter roll-ups name them. */
  public String campusNode() {
    return hospital + "/" + campus;
  }

  public String buildingNode() {
    return building == null ? null : campusNode() + "/" + building;
  }

  public String floorNode() {
    return floor == null ? null : buildingNode() + "/" + floor;
  }

  public String roomNode() {
    return room == null ? null : floorNode() + "/" + room;
  }

  public String departmentNode() {
    return department == null ? null : campusNode() + "/" + department;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
