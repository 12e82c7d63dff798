package io.wattward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.i18n.Language;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WattwardConfigTest {

  @TempDir Path dir;

  @Test
  void environmentOverridesFileWhichOverridesDefaults() throws IOException {
    Path file = dir.resolve("w.yaml");
    Files.writeString(file, "kafka:\n  bootstrap: kafka-a:9092\n  topics:\n    deadLetters: dlq-a\n");

    WattwardConfig config = WattwardConfig.load(file, Map.of(
        "WATTWARD_KAFKA_BOOTSTRAP", "kafka-b:9092",
        "WATTWARD_PIPELINE_SINK_BATCH_SIZE", "17",
        "WATTWARD_CLICKHOUSE_PASSWORD", "s3cret"));

    assertThat(config.kafka().bootstrap()).isEqualTo("kafka-b:9092");
    assertThat(config.kafka().topics().deadLetters()).isEqualTo("dlq-a");
    assertThat(config.kafka().topics().meterReadings()).isEqualTo("meter-readings");
    assertThat(config.pipeline().sinkBatchSize()).isEqualTo(17);
    assertThat(config.clickhouse().password()).isEqualTo("s3cret");
  }

  @Test
  void unknownSettingInFileIsNamed() throws IOException {
    Path file = dir.resolve("w.yaml");
    Files.writeString(file, "pipeline:\n  sinkBatchSise: 10\n");

    assertThatThrownBy(() -> WattwardConfig.load(file, Map.of()))
        .hasMessageContaining("unknown setting 'pipeline.sinkBatchSise'");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> WattwardConfig.load(null, Map.of("WATTWARD_PIPELINE_PARALLELISM", "0")))
        .hasMessageContaining("pipeline.parallelism must be at least 1");
    assertThatThrownBy(() -> WattwardConfig.load(null, Map.of("WATTWARD_CLICKHOUSE_URL", "http://x:8123")))
        .hasMessageContaining("jdbc:clickhouse://host:port");
    assertThatThrownBy(() -> WattwardConfig.load(null, Map.of("WATTWARD_PIPELINE_SINK_BATCH_SIZE", "many")))
        .hasMessageContaining("sinkBatchSize");
  }

  @Test
  void reportsAreInChineseUnlessEnglishIsAskedForAndABadLanguageIsNamed() {
    assertThat(WattwardConfig.load(null, Map.of()).reportLanguage()).isEqualTo(Language.ZH_CN);
    assertThat(WattwardConfig.load(null, Map.of("WATTWARD_REPORTS_LANGUAGE", "en")).reportLanguage())
        .isEqualTo(Language.EN);
    assertThatThrownBy(() -> WattwardConfig.load(null, Map.of("WATTWARD_REPORTS_LANGUAGE", "zh-TW")))
        .hasMessageContaining("reports.language: 'zh-TW' is not a language WattWard writes in (zh-CN, en)");
  }

  @Test
  void envNamesFollowThePath() {
    assertThat(WattwardConfig.envName("kafka.topics.meterReadings")).isEqualTo("WATTWARD_KAFKA_TOPICS_METER_READINGS");
    assertThat(WattwardConfig.envName("clickhouse.url")).isEqualTo("WATTWARD_CLICKHOUSE_URL");
  }

  @Test
  void rangeProfilesMergeAcceptNewRoomTypesAndNameBadFactors() throws IOException {
    Path file = dir.resolve("w.yaml");
    Files.writeString(file, "environment:\n  profiles:\n    ward:\n      temperatureC: {min: 19.0}\n"
        + "    laboratory:\n      vocPpb: {max: 300.0}\n");

    WattwardConfig config = WattwardConfig.load(file, Map.of());

    // the file lowers the ward's minimum and keeps the default maximum
    assertThat(config.environment().profiles().get("ward").get("temperatureC"))
        .isEqualTo(new WattwardConfig.Range(19.0, 27.0));
    assertThat(config.environment().profiles().get("laboratory").get("vocPpb"))
        .isEqualTo(new WattwardConfig.Range(null, 300.0));
    assertThat(config.environment().profiles().get("operating-room").get("humidityPct"))
        .isEqualTo(new WattwardConfig.Range(30.0, 60.0));

    Files.writeString(file, "environment:\n  profiles:\n    icu:\n      humidity: {max: 60.0}\n"
        + "    office:\n      co2Ppm: {min: 900.0, max: 800.0}\n");
    assertThatThrownBy(() -> WattwardConfig.load(file, Map.of()))
        .hasMessageContaining("environment.profiles.icu.humidity: unknown environment factor 'humidity'")
        .hasMessageContaining("environment.profiles.office.co2Ppm: min 900.0 is above max 800.0");
  }
}
