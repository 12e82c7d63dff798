package io.wattward.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wattward.testing.LocalInfra;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml cannot run here, so it is checked here: every WATTWARD_ variable it sets names a
 * real setting (an unknown one would be silently ignored), and the settings it gives load.
 */
class DockerComposeTest {

  @Test
  void everyWattwardVariableOfTheComposeFileIsASettingAndTheyLoad() throws Exception {
    JsonNode compose = new ObjectMapper(new YAMLFactory())
        .readTree(LocalInfra.get().projectRoot().resolve("docker/compose.yaml").toFile());
    JsonNode env = compose.get("x-wattward-env");
    Map<String, String> values = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    env.fields().forEachRemaining(f -> {
      values.put(f.getKey(), f.getValue().asText().startsWith("${") ? "secret" : f.getValue().asText());
      if (!WattwardConfig.envNames().contains(f.getKey())) {
        unknown.add(f.getKey());
      }
    });
    assertThat(unknown).as("variables that name no setting").isEmpty();
    WattwardConfig config = WattwardConfig.load(null, values);
    assertThat(config.kafka().bootstrap()).isEqualTo("kafka:9092");
    assertThat(config.anomalies().rules().file()).isEqualTo("/etc/wattward/rules.yaml");
    // every service that runs a job names a job class that exists
    compose.get("services").fields().forEachRemaining(s -> {
      JsonNode command = s.getValue().get("command");
      if (command != null && command.asText().contains("--job-classname")) {
        String cls = command.asText().replaceAll(".*--job-classname\\s+", "").trim();
        assertThat(cls).as(s.getKey()).matches("io\\.wattward\\.jobs\\.(rollup\\.RollupJob|anomaly\\.AnomalyJob|forecast\\.ForecastJob)");
      }
    });
  }

  @Test
  void nothingIsPublishedBeyondThisHostUnlessToldAndNoJobCanBeSubmittedThroughTheWeb() throws Exception {
    java.nio.file.Path root = LocalInfra.get().projectRoot();
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker/compose.yaml").toFile());
    List<String> ports = new ArrayList<>();
    compose.get("services").fields().forEachRemaining(s -> {
      JsonNode p = s.getValue().get("ports");
      if (p != null) {
        p.forEach(port -> ports.add(s.getKey() + " " + port.asText()));
      }
    });
    assertThat(ports).isNotEmpty().allSatisfy(p -> assertThat(p).matches("\\S+ \\$\\{WATTWARD_[A-Z_]*PUBLISH_ADDRESS:-127\\.0\\.0\\.1\\}:\\d+:\\d+"));
    for (String flink : List.of("x-flink-properties", "x-anomaly-flink-properties", "x-forecast-flink-properties")) {
      assertThat(compose.get(flink).asText()).as(flink).contains("web.submit.enable: false");
    }
    JsonNode clickhouse = compose.get("services").get("clickhouse");
    assertThat(clickhouse.get("environment").get("CLICKHOUSE_USER").asText()).isEqualTo("wattward");
    assertThat(clickhouse.get("volumes").toString()).contains("analyst-user.sh:/docker-entrypoint-initdb.d/");
    assertThat(root.resolve("docker/clickhouse/analyst-user.sh")).content()
        .contains("readonly = 1").contains("GRANT SELECT ON ${CLICKHOUSE_DB}.* TO analyst");
  }

  @Test
  void theImageBuildsFromEveryModuleOfTheProject() throws Exception {
    java.nio.file.Path root = LocalInfra.get().projectRoot();
    String pom = java.nio.file.Files.readString(root.resolve("pom.xml"));
    List<String> modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(pom).results()
        .map(m -> m.group(1)).toList();
    List<String> copied = java.nio.file.Files.readAllLines(root.resolve("docker/Dockerfile")).stream()
        .filter(l -> l.startsWith("COPY ") && !l.contains("--from")).map(l -> l.split("\\s+")[1]).toList();
    assertThat(modules).hasSizeGreaterThan(5);
    assertThat(copied).as("directories the image build copies").containsAll(modules);
  }
}
