package io.wattward.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.schema.BusinessVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @TempDir Path dir;

  @Test
  void rowsAreReadWithTheirPublicationTimeOrTheStartOfTheDayBefore() throws Exception {
    Path csv = dir.resolve("volume.csv");
    Files.writeString(csv, """
        node_id,day,outpatient_visits,inpatient_bed_days,published_at
        # booked the evening before; a ward's bed-days only; the campus's, known from the day before's start
        PPH/MAIN/OPD,2026-11-23,1450,,2026-11-22T18:00+08:00
        PPH/MAIN/CARDIOLOGY,2026-11-23,,58,
        PPH/MAIN,2026-11-23,5200,880,
        """);
    List<BusinessVolume> v = Volumes.read(csv, SHANGHAI);
    assertThat(v).hasSize(3);
    assertThat(v.get(0).getDay()).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(v.get(0).getOutpatientVisits()).isEqualTo(1450.0);
    assertThat(v.get(0).getInpatientBedDays()).isNull();
    assertThat(v.get(0).getPublishedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(v.get(1).getOutpatientVisits()).isNull();
    assertThat(v.get(1).getInpatientBedDays()).isEqualTo(58.0);
    // 2026-11-22 00:00 in Shanghai
    assertThat(v.get(2).getPublishedAt()).isEqualTo(Instant.parse("2026-11-21T16:00:00Z"));
    assertThat(v.get(2).getSource()).isEqualTo("csv:volume.csv");
  }

  @Test
  void badRowsAreRefusedWithTheirLine() throws Exception {
    Path csv = dir.resolve("volume.csv");
    Files.writeString(csv, "node_id,day,outpatient_visits,inpatient_bed_days\nPPH/MAIN/OPD,2026-11-23,,\n");
    assertThatThrownBy(() -> Volumes.read(csv, SHANGHAI)).hasMessageContaining("line 2")
        .hasMessageContaining("neither outpatient_visits nor inpatient_bed_days");
    Files.writeString(csv, "node_id,day,outpatient_visits,inpatient_bed_days\nPPH/MAIN/OPD,2026-11-23,-3,\n");
    assertThatThrownBy(() -> Volumes.read(csv, SHANGHAI)).hasMessageContaining("line 2")
        .hasMessageContaining("outpatient_visits must be a number >= 0, not -3");
    Files.writeString(csv, "node_id,day,outpatient_visits,inpatient_bed_days\nPPH/MAIN/OPD,23.11.2026,5,\n");
    assertThatThrownBy(() -> Volumes.read(csv, SHANGHAI)).hasMessageContaining("line 2").hasMessageContaining("23.11.2026");
  }
}
