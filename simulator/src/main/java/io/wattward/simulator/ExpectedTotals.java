package io.wattward.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's ground truth: what each meter consumed in each minute, in milli-units, multiplier
 * applied, counted as the simulator advanced the registers (not derived from the readings).
 */
public final class ExpectedTotals {

  private final long startMinuteMs;
  private final int minutes;
  private final Map<String, long[]> perMeter = new LinkedHashMap<>();
  private final Map<String, String> units = new LinkedHashMap<>();

  public ExpectedTotals(Instant start, int minutes) {
    this.startMinuteMs = start.toEpochMilli();
    this.minutes = minutes;
  }

  void add(String meterId, String unit, int minuteIndex, long consumptionMilli) {
    perMeter.computeIfAbsent(meterId, k -> new long[minutes])[minuteIndex] += consumptionMilli;
    units.putIfAbsent(meterId, unit);
  }

  public Map<String, long[]> perMeter() {
    return perMeter;
  }

  public long minuteStartMs(int index) {
    return startMinuteMs + index * 60_000L;
  }

  public int minutes() {
    return minutes;
  }

  public String unit(String meterId) {
    return units.get(meterId);
  }

  public long totalMilli(String meterId) {
    long sum = 0;
    for (long v : perMeter.get(meterId)) {
      sum += v;
    }
    return sum;
  }

  /** meter_id,minute_start,consumption,unit: one row per meter and minute (UTC). */
  public void writeCsv(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("meter_id,minute_start,consumption,unit\n");
      for (Map.Entry<String, long[]> e : perMeter.entrySet()) {
        long[] values = e.getValue();
        for (int i = 0; i < values.length; i++) {
          w.write(e.getKey() + "," + io.wattward.connectors.clickhouse.ClickHouseTime.utc(minuteStartMs(i)) + ","
              + java.math.BigDecimal.valueOf(values[i], 3).toPlainString() + "," + units.get(e.getKey()) + "\n");
        }
      }
    }
  }
}
