package io.wattward.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.i18n.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The typed configuration of WattWard: built-in defaults, then an optional YAML file, then
 * environment variables ({@code WATTWARD_} + the setting's path in upper snake case). Loading fails
 * fast with the name of the bad setting.
 */
public record WattwardConfig(Kafka kafka, ClickHouse clickhouse, Pipeline pipeline, Rollup rollup,
    Environment environment, Anomalies anomalies, Forecast forecast, Reports reports) implements Serializable {

  /** The department reports: the language they are written in ({@code zh-CN} or {@code en}, see {@link Language}). */
  public record Reports(String language) implements Serializable {}

  /**
   * The forecast job: which node levels get a forecaster, the site's calendar of holidays and closures
   * (CSV: date,kind[,name] with kind holiday, closure or workday; empty: weekends only), and how
   * many hours in a row an actual must leave the prediction interval before it is an anomaly.
   */
  public record Forecast(List<String> levels, String calendarCsv, double quotaWarningPct)
      implements Serializable {}

  public record Kafka(String bootstrap, int partitions, Topics topics) implements Serializable {}

  public record Topics(String meterReadings, String envReadings, String topology, String deadLetters,
      String lateReadings, String meterMinutes, String nodeWindows, String envMinutes, String anomalies,
      String anomalyRules, String quotas, String businessVolume) implements Serializable {

    /** The same topics under a common prefix (tests and benchmarks isolate themselves this way). */
    public Topics prefixed(String prefix) {
      return new Topics(prefix + meterReadings, prefix + envReadings, prefix + topology, prefix + deadLetters,
          prefix + lateReadings, prefix + meterMinutes, prefix + nodeWindows, prefix + envMinutes,
          prefix + anomalies, prefix + anomalyRules, prefix + quotas,
          prefix + businessVolume);
    }
  }

  public record ClickHouse(String url, String database, String user, String password)
      implements Serializable {
    public ClickHouseEndpoint endpoint() {
      return new ClickHouseEndpoint(url, database, user, password);
    }
  }

  /** How the rollup job runs: parallelism, event time, checkpoints, ClickHouse writes. */
  public record Pipeline(
      String topologyCsv,
      int parallelism,
      long maxOutOfOrdernessMs,
      long idleSourceMs,
      long maxFutureSkewMs,
      long checkpointIntervalMs,
      String checkpointDir,
      int sinkBatchSize,
      long sinkFlushIntervalMs,
      long sinkMaxBackoffMs)
      implements Serializable {

    /** How the ClickHouse sinks batch, flush and wait out an outage (first retry after 1 s, doubling). */
    public io.wattward.connectors.clickhouse.ClickHouseSink.Settings sinkSettings() {
      return io.wattward.connectors.clickhouse.ClickHouseSink.Settings.of(sinkBatchSize, sinkFlushIntervalMs)
          .withBackoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(sinkMaxBackoffMs));
    }

    public Pipeline withCheckpointIntervalMs(long intervalMs) {
      return new Pipeline(topologyCsv, parallelism, maxOutOfOrdernessMs, idleSourceMs, maxFutureSkewMs, intervalMs,
          checkpointDir, sinkBatchSize, sinkFlushIntervalMs, sinkMaxBackoffMs);
    }

    public Pipeline withParallelism(int newParallelism) {
      return new Pipeline(topologyCsv, newParallelism, maxOutOfOrdernessMs, idleSourceMs, maxFutureSkewMs,
          checkpointIntervalMs, checkpointDir, sinkBatchSize, sinkFlushIntervalMs, sinkMaxBackoffMs);
    }

    public Pipeline withCheckpointDir(String dir) {
      return new Pipeline(topologyCsv, parallelism, maxOutOfOrdernessMs, idleSourceMs, maxFutureSkewMs,
          checkpointIntervalMs, dir, sinkBatchSize, sinkFlushIntervalMs, sinkMaxBackoffMs);
    }
  }

  public record Rollup(
      String zone,
      long allowedLatenessMs,
      long maxGapMs,
      int spikesBeforeNewBaseline,
      Map<String, Double> tceKgPerUnit,
      Map<String, Double> co2KgPerUnit,
      Tariffs tariffs)
      implements Serializable {}

  /**
   * Environment windows: where the sensor registry is, how long a sensor's minute waits for late
   * readings, and the range each factor should stay in, per room type.
   */
  public record Environment(String sensorsCsv, long allowedLatenessMs, Map<String, Map<String, Range>> profiles)
      implements Serializable {}

  /**
   * The anomaly job's detectors. Per-type settings are maps keyed by {@code <level>/<ENERGY_TYPE>},
   * {@code <ENERGY_TYPE>} or {@code default}, the most specific first (see {@link #lookup}).
   */
  public record Anomalies(Deviation deviation, Flatline flatline, Offline offline, EnvironmentRange environment,
      Rules rules) implements Serializable {}

  /**
   * JUMP and NIGHT_BASE_LOAD: a node's hours, days and nights against its load forecaster's expectation, in
   * units of the node's own spread (see DeviationDetector). Per-type values: {@code <ENERGY_TYPE>} or default.
   */
  public record Deviation(double hourDrift, double hourOpen, boolean quietHoursOnly,
      Map<String, Double> minHourExcess, double dayDrift, double dayOpen, int nightFrom, int nightTo,
      double nightDrift, double nightOpen, double stepCap, Map<String, Double> minExcess, double criticalPct,
      double spreadDays, double levelDays, double minSpreadPct, double cleanSigma, int maxOpeningsPerDay,
      boolean bothWays, int warmUpDays) implements Serializable {}

  /** A meter whose minute consumption stays identical (or at zero where it usually consumes). */
  public record Flatline(Map<String, Double> minutes, Map<String, Double> minExpectedInRun, int minReadings,
      double routineDays) implements Serializable {}

  /** A meter with no minutes for this long (event time, timers). */
  public record Offline(Map<String, Double> minutes, Map<String, Double> criticalMinutes) implements Serializable {}

  /** A room's factor out of its room type's range for at least minMinutes; cleared after clearMinutes in range. */
  public record EnvironmentRange(int minMinutes, int clearMinutes, int criticalMinutes) implements Serializable {}

  /** User rules in Esper EPL: a YAML file and the anomaly-rules topic; a changed file is reloaded. */
  public record Rules(String file, long checkIntervalMs, long resolveAfterMs) implements Serializable {}

  /** A per-type setting: {@code level/TYPE}, then {@code TYPE}, then {@code default}. */
  public static double lookup(Map<String, Double> values, String level, String energyType) {
    Double v = values.get(level + "/" + energyType);
    if (v == null) {
      v = values.get(energyType);
    }
    if (v == null) {
      v = values.get("default");
    }
    if (v == null) {
      throw new IllegalArgumentException("no setting for " + level + "/" + energyType + " and no default in " + values);
    }
    return v;
  }

  /** An acceptable range [min, max]; either bound may be absent. */
  public record Range(Double min, Double max) implements Serializable {
    public boolean contains(double v) {
      return (min == null || v >= min) && (max == null || v <= max);
    }
  }

  public record Tariffs(String currency, List<TimeOfUseTariff> electricity, Map<String, Double> flat)
      implements Serializable {}

  /** Periods of the day with their prices, valid from a local date until the next tariff's. */
  public record TimeOfUseTariff(String validFrom, List<TariffPeriod> periods) implements Serializable {}

  /** A local time-of-day range [from, to) ("HH:mm", "24:00" for midnight at the end). */
  public record TariffPeriod(String name, String from, String to, double pricePerUnit) implements Serializable {}

  private static final String ENV_PREFIX = "WATTWARD_";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** Defaults, overlaid by {@code file} (may be null) and then by {@code env}. */
  public static WattwardConfig load(Path file, Map<String, String> env) {
    ObjectNode tree = readDefaults();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("configuration file " + file + " does not exist");
      }
      try {
        JsonNode overlay = YAML.readTree(file.toFile());
        if (overlay != null && !overlay.isMissingNode() && !overlay.isNull()) {
          merge(tree, overlay, "");
        }
      } catch (IOException e) {
        throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
      }
    }
    applyEnv(tree, "", env);
    String password = env.get(ENV_PREFIX + "CLICKHOUSE_PASSWORD");
    ((ObjectNode) tree.get("clickhouse")).put("password", password == null ? "" : password);
    try {
      WattwardConfig config = YAML.treeToValue(tree, WattwardConfig.class);
      config.validate();
      return config;
    } catch (IOException e) {
      throw new ConfigException("invalid configuration: " + e.getMessage());
    }
  }

  public static WattwardConfig fromEnvironment() {
    return load(null, System.getenv());
  }

  /** The same configuration with another ClickHouse database (tests isolate by database). */
  public WattwardConfig withDatabase(String database) {
    return new WattwardConfig(kafka,
        new ClickHouse(clickhouse.url, database, clickhouse.user, clickhouse.password), pipeline, rollup,
        environment, anomalies, forecast, reports);
  }

  public WattwardConfig withTopics(Topics newTopics) {
    return new WattwardConfig(new Kafka(kafka.bootstrap, kafka.partitions, newTopics), clickhouse,
        pipeline, rollup, environment, anomalies, forecast, reports);
  }

  public WattwardConfig withPipeline(Pipeline newPipeline) {
    return new WattwardConfig(kafka, clickhouse, newPipeline, rollup, environment, anomalies, forecast, reports);
  }

  public WattwardConfig withAnomalies(Anomalies newAnomalies) {
    return new WattwardConfig(kafka, clickhouse, pipeline, rollup, environment, newAnomalies, forecast, reports);
  }


  /** The language of the department reports ({@code reports.language}). */
  public Language reportLanguage() {
    return Language.of(reports.language(), "reports.language");
  }

  private void validate() {
    List<String> problems = new ArrayList<>();
    if (kafka.bootstrap == null || !kafka.bootstrap.contains(":")) {
      problems.add("kafka.bootstrap must be host:port[,host:port], got " + kafka.bootstrap);
    }
    if (kafka.partitions < 1) {
      problems.add("kafka.partitions must be at least 1");
    }
    try {
      clickhouse.endpoint();
    } catch (IllegalArgumentException e) {
      problems.add("clickhouse: " + e.getMessage());
    }
    if (pipeline.parallelism < 1) {
      problems.add("pipeline.parallelism must be at least 1");
    }
    if (pipeline.maxOutOfOrdernessMs < 0 || pipeline.maxFutureSkewMs < 0) {
      problems.add("pipeline durations must not be negative");
    }
    if (pipeline.sinkBatchSize < 1 || pipeline.sinkMaxBackoffMs < 1000) {
      problems.add("pipeline.sinkBatchSize must be >= 1 and sinkMaxBackoffMs >= 1000");
    }
    try {
      java.time.ZoneId.of(rollup.zone);
    } catch (RuntimeException e) {
      problems.add("rollup.zone is not a time zone: " + rollup.zone);
    }
    if (rollup.allowedLatenessMs < 0 || rollup.maxGapMs < 60_000) {
      problems.add("rollup.allowedLatenessMs must be >= 0 and rollup.maxGapMs >= 60000");
    }
    try {
      io.wattward.config.Tariff.of(rollup);
    } catch (RuntimeException e) {
      problems.add("rollup.tariffs: " + e.getMessage());
    }
    if (environment.allowedLatenessMs < 0) {
      problems.add("environment.allowedLatenessMs must be >= 0");
    }
    environment.profiles.forEach((roomType, ranges) -> ranges.forEach((factor, range) -> {
      String name = "environment.profiles." + roomType + "." + factor;
      try {
        io.wattward.topology.EnvFactor.byField(factor);
      } catch (IllegalArgumentException e) {
        problems.add(name + ": " + e.getMessage());
      }
      if (range == null || range.min() == null && range.max() == null) {
        problems.add(name + " needs min, max or both");
      } else if (range.min() != null && range.max() != null && range.min() > range.max()) {
        problems.add(name + ": min " + range.min() + " is above max " + range.max());
      }
    }));
    Deviation d = anomalies.deviation();
    if (d.hourDrift() < 0 || d.dayDrift() < 0 || d.nightDrift() < 0 || d.hourOpen() <= 0 || d.dayOpen() <= 0
        || d.nightOpen() <= 0 || d.stepCap() <= 0) {
      problems.add("anomalies.deviation: drifts must be >= 0, open thresholds and stepCap > 0");
    }
    if (d.nightFrom() < 0 || d.nightTo() > 24 || d.nightFrom() >= d.nightTo()) {
      problems.add("anomalies.deviation: the night needs 0 <= nightFrom < nightTo <= 24, got " + d.nightFrom() + "-"
          + d.nightTo());
    }
    if (d.spreadDays() < 1 || d.levelDays() < 1 || d.maxOpeningsPerDay() < 1) {
      problems.add("anomalies.deviation: spreadDays, levelDays and maxOpeningsPerDay must be >= 1");
    }
    for (Map<String, Double> m : List.of(d.minExcess(), d.minHourExcess(), anomalies.flatline().minutes(),
        anomalies.flatline().minExpectedInRun(), anomalies.offline().minutes(), anomalies.offline().criticalMinutes())) {
      if (!m.containsKey("default")) {
        problems.add("anomalies: every per-type setting needs a 'default' entry: " + m);
      }
    }
    try {
      reportLanguage();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("invalid configuration:\n  " + String.join("\n  ", problems));
    }
  }

  private static ObjectNode readDefaults() {
    try (InputStream in = WattwardConfig.class.getResourceAsStream("/wattward-defaults.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("built-in defaults unreadable", e);
    }
  }

  private static void merge(ObjectNode target, JsonNode overlay, String path) {
    Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = path + f.getKey();
      JsonNode existing = target.get(f.getKey());
      if (existing == null && (name.startsWith("environment.profiles.") || isPerTypeMap(path))) {
        // a profile names factors of a room type; new room types and factors are the point of it
        target.set(f.getKey(), f.getValue());
        continue;
      }
      if (existing == null) {
        throw new ConfigException("unknown setting '" + name + "'");
      }
      if (existing.isObject()) {
        if (!f.getValue().isObject()) {
          throw new ConfigException("setting '" + name + "' must be a section, not a value");
        }
        merge((ObjectNode) existing, f.getValue(), name + ".");
      } else {
        target.set(f.getKey(), f.getValue());
      }
    }
  }

  /** Per-type maps of the anomaly settings take new keys (e.g. {@code department/WATER}). */
  private static boolean isPerTypeMap(String path) {
    return path.startsWith("anomalies.") && path.chars().filter(c -> c == '.').count() == 3;
  }

  private static void applyEnv(ObjectNode node, String path, Map<String, String> env) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    fields.forEachRemaining(entries::add);
    for (Map.Entry<String, JsonNode> f : entries) {
      String name = path + f.getKey();
      if (f.getValue().isObject()) {
        applyEnv((ObjectNode) f.getValue(), name + ".", env);
      } else {
        String value = env.get(envName(name));
        if (value != null) {
          node.set(f.getKey(), TextNode.valueOf(value));
        }
      }
    }
  }

  /** The environment variable of every setting (and the secrets read only from the environment). */
  public static java.util.Set<String> envNames() {
    java.util.Set<String> out = new java.util.TreeSet<>(List.of(ENV_PREFIX + "CLICKHOUSE_PASSWORD"));
    collectEnvNames(readDefaults(), "", out);
    return out;
  }

  private static void collectEnvNames(JsonNode node, String path, java.util.Set<String> out) {
    node.fields().forEachRemaining(f -> {
      if (f.getValue().isObject()) {
        collectEnvNames(f.getValue(), path + f.getKey() + ".", out);
      } else {
        out.add(envName(path + f.getKey()));
      }
    });
  }

  /** {@code kafka.topics.meterReadings} becomes {@code WATTWARD_KAFKA_TOPICS_METER_READINGS}. */
  public static String envName(String path) {
    return ENV_PREFIX + path.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }

  /** A setting that cannot be used; the message names it. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }
}
