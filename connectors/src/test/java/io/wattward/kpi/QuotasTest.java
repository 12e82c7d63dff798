package io.wattward.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.schema.KpiQuota;
import io.wattward.testing.LocalInfra;
import io.wattward.topology.NodeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotasTest {

  @TempDir Path dir;

  @Test
  void perBedAndPerM2QuotasAreResolvedWithNodeInfoAndLoaded() throws Exception {
    ClickHouseEndpoint db = LocalInfra.get().newDatabase("quotas");
    NodeInfo.load(db, List.of(new NodeInfo("department", "PPH/MAIN/CARDIOLOGY", "Cardiology", 60, 2_400, 180)));
    Path csv = dir.resolve("quotas.csv");
    Files.writeString(csv, """
        department_id,energy_type,period,quota,basis
        # cardiology: 150 kWh per bed in November, 0.5 m3 of water per m2 in 2026, 40,000 kWh in 2026
        PPH/MAIN/CARDIOLOGY,ELECTRICITY,2026-11,150,per_bed
        PPH/MAIN/CARDIOLOGY,WATER,2026,0.5,per_m2
        PPH/MAIN/CARDIOLOGY,ELECTRICITY,2026,40000,total
        """);

    List<KpiQuota> quotas = Quotas.resolve(db, Quotas.read(csv));
    Quotas.load(db, quotas);

    assertThat(quotas).extracting(q -> q.getPeriod() + " " + q.getEnergyType() + " " + q.getQuota() + " " + q.getUnit())
        .containsExactly("2026-11 ELECTRICITY 9000.0 kWh", // 150 x 60 beds
            "2026 WATER 1200.0 m3", // 0.5 x 2,400 m2
            "2026 ELECTRICITY 40000.0 kWh");
    try (var c = db.open(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT sum(quota) FROM kpi_quotas FINAL")) {
      rs.next();
      assertThat(rs.getDouble(1)).isEqualTo(50_200.0);
    }
    Files.writeString(csv, "department_id,energy_type,period,quota,basis\nPPH/MAIN/ICU,WATER,2026-13,1,total\n");
    assertThatThrownBy(() -> Quotas.read(csv)).hasMessageContaining("line 2");
    Files.writeString(csv, "department_id,energy_type,period,quota,basis\nPPH/MAIN/ICU,WATER,2026,1,per_bed\n");
    assertThatThrownBy(() -> Quotas.resolve(db, Quotas.read(csv)))
        .hasMessageContaining("PPH/MAIN/ICU is per_bed but node_info has no beds");
  }
}
