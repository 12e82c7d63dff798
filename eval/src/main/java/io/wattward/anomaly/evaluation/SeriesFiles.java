package io.wattward.anomaly.evaluation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads the development data sets in {@code ../shared/data} into dense hourly series. */
public final class SeriesFiles {

  private static final long HOUR_MS = HourlySeries.HOUR_MS;

  private SeriesFiles() {}

  /** The NAB series and its labelled anomaly windows. */
  public record Labelled(HourlySeries series, List<InjectedEvent> windows) {}

  /**
   * A Cambridge file ({@code building_id,timestamp_utc,kwh}): one series per building, sorted by id, each
   * value multiplied by {@code factor} (to the product's unit).
   */
  public static List<HourlySeries> cambridge(Path csv, double factor) {
    Map<String, List<Reading>> byBuilding = new TreeMap<>();
    for (String[] row : rows(csv, "building_id,timestamp_utc,kwh")) {
      byBuilding.computeIfAbsent(row[0], k -> new ArrayList<>())
          .add(new Reading(utcMs(row[1]), Double.parseDouble(row[2]) * factor));
    }
    List<HourlySeries> out = new ArrayList<>();
    byBuilding.forEach((id, readings) -> out.add(dense(id, readings)));
    return out;
  }

  private record Reading(long hourMs, double value) {}

  private static HourlySeries dense(String id, List<Reading> readings) {
    long first = readings.stream().mapToLong(Reading::hourMs).min().orElseThrow();
    long last = readings.stream().mapToLong(Reading::hourMs).max().orElseThrow();
    double[] v = new double[(int) ((last - first) / HOUR_MS) + 1];
    Arrays.fill(v, Double.NaN);
    for (Reading r : readings) {
      v[(int) ((r.hourMs() - first) / HOUR_MS)] = r.value();
    }
    return new HourlySeries(id, first, v);
  }

  /**
   * The NAB file ({@code timestamp,value,in_anomaly_window,anomaly_point}); timestamps are read as UTC
   * (the building's local time as given), and each run of {@code in_anomaly_window = 1} is a window.
   */
  public static Labelled nab(Path csv, String id) {
    List<String[]> rows = rows(csv, "timestamp,value,in_anomaly_window,anomaly_point");
    List<Reading> readings = new ArrayList<>();
    for (String[] row : rows) {
      readings.add(new Reading(utcMs(row[0]), Double.parseDouble(row[1])));
    }
    HourlySeries series = dense(id, readings);
    // a window runs from its first labelled row to the end of its last; rows missing inside stay inside
    List<InjectedEvent> windows = new ArrayList<>();
    long start = -1;
    long lastIn = -1;
    for (int i = 0; i <= rows.size(); i++) {
      boolean in = i < rows.size() && "1".equals(rows.get(i)[2].strip());
      if (in) {
        lastIn = readings.get(i).hourMs();
        start = start < 0 ? lastIn : start;
      } else if (start >= 0) {
        long end = lastIn + HOUR_MS;
        windows.add(new InjectedEvent(EventKind.LABELLED_WINDOW, id, start, end,
            "labelled window of " + (end - start) / HOUR_MS + " h"));
        start = -1;
      }
    }
    return new Labelled(series, windows);
  }

  private static long utcMs(String timestamp) {
    return LocalDateTime.parse(timestamp.strip().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static List<String[]> rows(Path csv, String header) {
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException("no data file " + csv.toAbsolutePath().normalize());
    }
    List<String[]> rows = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(csv);
        CSVParser parser = CSVParser.parse(in, CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).build())) {
      Iterator<CSVRecord> records = parser.iterator();
      String first = records.hasNext() ? String.join(",", records.next().values()) : null;
      if (first == null || !first.strip().equals(header)) {
        throw new IllegalArgumentException(csv + ": expected the header " + header + ", found " + first);
      }
      records.forEachRemaining(r -> rows.add(r.values()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
    return rows;
  }
}
