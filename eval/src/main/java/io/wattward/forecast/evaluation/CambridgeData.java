package io.wattward.forecast.evaluation;

import io.wattward.schema.EnergyType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the Cambridge development data (shared/data/cambridge-dev): {@code <energy>_hourly_*.csv}
 * with {@code building_id,timestamp_utc,kwh}, and {@code weather_*.csv} whose first two columns are
 * the hour and the air temperature in C. Times are UTC, as in the files.
 */
public final class CambridgeData {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private CambridgeData() {}

  /** Hourly kWh per building. */
  public static SortedMap<String, HourlySeries> loads(Path dir, EnergyType energy) {
    String prefix = switch (energy) {
      case ELECTRICITY -> "electricity_hourly_";
      case NATURAL_GAS -> "gas_hourly_";
      default -> throw new IllegalArgumentException("no " + energy + " in the Cambridge data");
    };
    Map<String, Map<LocalDateTime, Double>> byBuilding = new TreeMap<>();
    for (Path file : files(dir, prefix)) {
      for (CSVRecord r : records(file)) {
        byBuilding.computeIfAbsent(r.get("building_id"), b -> new HashMap<>())
            .put(LocalDateTime.parse(r.get("timestamp_utc"), HOUR), Double.parseDouble(r.get("kwh")));
      }
    }
    SortedMap<String, HourlySeries> out = new TreeMap<>();
    byBuilding.forEach((building, values) -> out.put(building, HourlySeries.of(values)));
    return out;
  }

  /** Outdoor air temperature in C, all weather files together. */
  public static HourlySeries outdoorTemperature(Path dir) {
    Map<LocalDateTime, Double> values = new HashMap<>();
    for (Path file : files(dir, "weather_")) {
      for (CSVRecord r : records(file)) {
        String t = r.get(1).strip();
        values.put(LocalDateTime.parse(r.get(0), HOUR), t.isEmpty() ? Double.NaN : Double.parseDouble(t));
      }
    }
    return HourlySeries.of(values);
  }

  private static List<Path> files(Path dir, String prefix) {
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> found = list.filter(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().endsWith(".csv")).sorted().toList();
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no " + prefix + "*.csv in " + dir.toAbsolutePath().normalize());
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static List<CSVRecord> records(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
