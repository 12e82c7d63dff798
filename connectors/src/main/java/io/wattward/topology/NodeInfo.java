package io.wattward.topology;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * What analysts divide consumption by, per node: beds, floor area, people (staff plus average daily
 * patients). Kept as CSV ({@code node_level,node_id,name,beds,area_m2,people}) and loaded into
 * ClickHouse {@code node_info}.
 */
public record NodeInfo(String level, String nodeId, String name, int beds, double areaM2, int people) {

  private static final String[] HEADER = {"node_level", "node_id", "name", "beds", "area_m2", "people"};

  public static List<NodeInfo> read(Path file) throws IOException {
    List<NodeInfo> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        try {
          out.add(new NodeInfo(r.get("node_level"), r.get("node_id"), r.get("name"), Integer.parseInt(r.get("beds")),
              Double.parseDouble(r.get("area_m2")), Integer.parseInt(r.get("people"))));
        } catch (RuntimeException e) {
          throw new IOException(file + " line " + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  public static void write(Path file, List<NodeInfo> nodes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).build())) {
      for (NodeInfo n : nodes) {
        p.printRecord(n.level, n.nodeId, n.name, n.beds, n.areaM2, n.people);
      }
    }
  }

  /** Writes the nodes to ClickHouse {@code node_info}; a reload replaces earlier loads. */
  public static void load(ClickHouseEndpoint endpoint, List<NodeInfo> nodes) throws SQLException {
    long version = System.currentTimeMillis();
    try (Connection c = endpoint.open(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO node_info (node_level, node_id, name, beds, area_m2, people, version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (NodeInfo n : nodes) {
        ps.setString(1, n.level);
        ps.setString(2, n.nodeId);
        ps.setString(3, n.name);
        ps.setInt(4, n.beds);
        ps.setDouble(5, n.areaM2);
        ps.setInt(6, n.people);
        ps.setLong(7, version);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
