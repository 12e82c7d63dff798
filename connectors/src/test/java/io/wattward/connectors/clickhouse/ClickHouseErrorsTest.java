package io.wattward.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ClickHouseErrorsTest {

  private static SQLException clickhouse(int code, Throwable cause) {
    return new SQLException("ClickHouse exception, code: " + code, "", code, cause);
  }

  @Test
  void aServerThatIsAwayOrBusyIsWaitedFor() {
    assertThat(ClickHouseErrors.permanent(clickhouse(210, new ConnectException("Connection refused")))).isNull();
    assertThat(ClickHouseErrors.permanent(clickhouse(159, null))).isNull(); // timeout
    assertThat(ClickHouseErrors.permanent(clickhouse(252, null))).isNull(); // too many parts
    assertThat(ClickHouseErrors.permanent(clickhouse(241, null))).isNull(); // memory limit
    assertThat(ClickHouseErrors.permanent(new IOException("Connection reset"))).isNull();
  }

  @Test
  void aMissingTableOrColumnOrARefusedLoginStopsTheJobWithWhatToDo() {
    assertThat(ClickHouseErrors.permanent(clickhouse(60, null))).contains("run `wattward migrate`");
    assertThat(ClickHouseErrors.permanent(clickhouse(16, null))).contains("a column is missing");
    assertThat(ClickHouseErrors.permanent(new RuntimeException(clickhouse(516, null))))
        .contains("WATTWARD_CLICKHOUSE_PASSWORD");
    assertThat(ClickHouseErrors.permanent(clickhouse(164, null))).contains("read-only");
  }

  @Test
  void aRowThatCannotBeBoundFailsTheSameWayEveryTime() {
    assertThat(ClickHouseErrors.permanent(new NullPointerException("meterId"))).contains("could not be bound");
  }
}
