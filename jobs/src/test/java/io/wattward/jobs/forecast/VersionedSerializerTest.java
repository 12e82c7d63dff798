package io.wattward.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.NodeForecastState;
import io.wattward.forecast.stream.NodeForecastStep;
import io.wattward.quota.QuotaProjection;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The Flink serializers of the forecast job's state: the schema is recorded, an unknown one refused. */
class VersionedSerializerTest {

  private final VersionedSerializer<NodeForecastState> nodes =
      new VersionedSerializer<>("node-forecast", new ForecastStateCodecs.NodeForecast());

  @Test
  void aStoredValueOfAnUnknownFormatVersionIsRefusedNamingTheStateAndTheWayOut() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    nodes.serialize(NodeForecastState.fresh(NodeForecastStep.settings()), out);
    byte[] stored = out.getCopyOfBuffer();
    stored[0] = 3; // NodeForecastState's leading format version, as a later build might write it
    assertThatThrownBy(() -> nodes.deserialize(new DataInputDeserializer(stored)))
        .hasMessage("The forecast job's state 'node-forecast' cannot be read by this build: NodeForecastState was"
            + " stored in format version 3; this build reads versions 1 to 2. Start the forecast job with --fresh"
            + " once to discard it.");
  }

  @Test
  void aCheckpointOfAnUnknownFormatVersionIsRefusedWhenItsSchemaIsRead() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF("projection");
    out.writeUTF(ForecastStateCodecs.Projection.class.getName());
    out.writeInt(QuotaProjection.FORMAT_VERSION + 1);
    VersionedSerializer.Snapshot<QuotaProjection> snapshot = new VersionedSerializer.Snapshot<>();
    assertThatThrownBy(() -> snapshot.readSnapshot(1, new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader()))
        .hasMessageContaining("state 'projection'")
        .hasMessageContaining("format version 2")
        .hasMessageContaining("Start the forecast job with --fresh once");
  }

  @Test
  void theSchemaSurvivesACheckpointAndMatchesTheSameBuild() throws Exception {
    TypeSerializerSnapshot<NodeForecastState> written = nodes.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, written);
    TypeSerializerSnapshot<NodeForecastState> read = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isEqualTo(nodes);
    TypeSerializerSchemaCompatibility<NodeForecastState> compatibility =
        nodes.snapshotConfiguration().resolveSchemaCompatibility(read);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
  }

  @Test
  void aQuotaProjectionSurvivesItsSerializerAndProjectsTheSame() throws Exception {
    VersionedSerializer<QuotaProjection> serializer =
        new VersionedSerializer<>("projection", new ForecastStateCodecs.Projection());
    QuotaProjection p = new QuotaProjection();
    LocalDateTime t = LocalDate.of(2024, 1, 1).atStartOfDay();
    for (int h = 0; h < 24 * 9 + 5; h++) {
      p.add(t.plusHours(h), 1 + h % 24);
    }
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(p, out);
    QuotaProjection back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    HolidayCalendar calendar = HolidayCalendar.weekendsOnly();
    LocalDateTime last = t.plusHours(24 * 9 + 4);
    double expected = p.project(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), last, 2000, 40, calendar);
    assertThat(back.project(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), last, 2000, 40, calendar))
        .isEqualTo(expected);
    // 2000 used + 40 for the rest of the 10th + 21 days, each like the last complete days (300 kWh)
    assertThat(expected).isEqualTo(2000 + 40 + 21 * 300.0);
    assertThat(serializer.copy(p)).isNotSameAs(p);
  }
}
