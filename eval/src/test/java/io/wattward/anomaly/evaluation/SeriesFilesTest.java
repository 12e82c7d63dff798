package io.wattward.anomaly.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesFilesTest {

  @TempDir
  Path dir;

  @Test
  void aCambridgeFileBecomesOneDenseSeriesPerBuildingWithGapsAsNaN() throws Exception {
    Path csv = dir.resolve("e.csv");
    Files.writeString(csv, """
        building_id,timestamp_utc,kwh
        B2,2016-01-01 00:00:00,4.0

        B1,2016-01-01 00:00:00,1.5
        B1,2016-01-01 02:00:00,2.5
        """);
    List<HourlySeries> series = SeriesFiles.cambridge(csv, 2);
    assertThat(series).extracting(HourlySeries::id).containsExactly("B1", "B2");
    HourlySeries b1 = series.get(0);
    assertThat(b1.values()).hasSize(3);
    assertThat(b1.values()[0]).isEqualTo(3.0);
    assertThat(b1.values()[1]).isNaN();
    assertThat(b1.values()[2]).isEqualTo(5.0);
  }

  @Test
  void aNabFileKeepsItsLabelledWindows() throws Exception {
    Path csv = dir.resolve("nab.csv");
    Files.writeString(csv, """
        timestamp,value,in_anomaly_window,anomaly_point
        2014-01-01 00:00:00,70.0,0,0
        2014-01-01 01:00:00,71.0,1,0
        2014-01-01 02:00:00,90.0,1,1
        2014-01-01 03:00:00,70.5,0,0
        """);
    SeriesFiles.Labelled labelled = SeriesFiles.nab(csv, "nab");
    assertThat(labelled.series().values()).containsExactly(70.0, 71.0, 90.0, 70.5);
    assertThat(labelled.windows()).hasSize(1);
    assertThat(labelled.windows().get(0).endMs() - labelled.windows().get(0).startMs()).isEqualTo(2 * 3_600_000L);
  }

  @Test
  void aFileWithAnotherHeaderIsRefused() throws Exception {
    Path csv = dir.resolve("x.csv");
    Files.writeString(csv, "id,when,value\nB1,2016-01-01 00:00:00,1\n");
    assertThatThrownBy(() -> SeriesFiles.cambridge(csv, 1)).hasMessageContaining("expected the header");
  }
}
