package io.wattward.cli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureTextTest {

  private static final String CLICKHOUSE_DOWN = """
      org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
      \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:219)
      Caused by: java.io.IOException: writing the batch failed
      \tat io.wattward.Something.write(Something.java:1)
      Caused by: java.net.ConnectException: Connection refused
      \t... 12 more
      """;

  @Test
  void theReasonIsTheInnermostCauseWithItsClassNameLast() {
    assertThat(FailureText.reason(CLICKHOUSE_DOWN)).isEqualTo("Connection refused (ConnectException)");
  }

  @Test
  void wattwardsOwnPermanentFailureIsQuotedAsItStands() {
    String trace = """
        org.apache.flink.runtime.JobException: The failure is not recoverable
        Caused by: io.wattward.connectors.faults.PermanentFailure: ClickHouse refuses rows for db.meter_minute: \
        Table db.meter_minute doesn't exist -- the table does not exist: run `wattward migrate`
        \tat io.wattward.connectors.clickhouse.ClickHouseSink$Writer.flushBatch(ClickHouseSink.java:150)
        Caused by: ru.yandex.clickhouse.except.ClickHouseException: ClickHouse exception, code: 60
        """;
    assertThat(FailureText.isPermanent(trace)).isTrue();
    assertThat(FailureText.reason(trace)).isEqualTo("ClickHouse refuses rows for db.meter_minute: Table "
        + "db.meter_minute doesn't exist -- the table does not exist: run `wattward migrate`");
  }

  @Test
  void stateThatNoLongerFitsIsARestoreIncompatibilityAndAConnectionErrorIsNot() {
    assertThat(FailureText.isRestoreIncompatibility("java.lang.RuntimeException: Error while getting state\n"
        + "Caused by: org.apache.flink.util.StateMigrationException: The new state serializer "
        + "(StringSerializer) must not be incompatible with the old state serializer (LongSerializer).")).isTrue();
    assertThat(FailureText.isRestoreIncompatibility(CLICKHOUSE_DOWN)).isFalse();
    assertThat(FailureText.isPermanent(CLICKHOUSE_DOWN)).isFalse();
  }

  @Test
  void anEmptyTraceStillSaysWhereToLook() {
    assertThat(FailureText.reason("")).isEqualTo("unknown failure (see the log)");
  }
}
