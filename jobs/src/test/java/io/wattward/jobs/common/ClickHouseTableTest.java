package io.wattward.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickHouseTableTest {

  /** A row of a made-up table. */
  record Reading(String meter, long atMs, long milli, double kw, Long endedMs) {}

  private static final ClickHouseTable<Reading> TABLE = ClickHouseTable.<Reading>named("readings")
      .text("meter_id", Reading::meter)
      .time("at", Reading::atMs)
      .milli("consumption", Reading::milli)
      .numberOrNull("kw", Reading::kw)
      .timeOrNull("ended_at", Reading::endedMs)
      .integer("one", r -> 1)
      .bigint("version", r -> 7L);

  /** A statement that writes down what is bound to it. */
  private static PreparedStatement recording(List<String> calls) {
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
          calls.add(method.getName() + " " + args[0] + " " + args[1]);
          return null;
        });
  }

  @Test
  void eachColumnBindsItsValueAtItsPlace() throws Exception {
    List<String> calls = new ArrayList<>();
    TABLE.binder().bind(recording(calls), new Reading("M1", 1_764_201_600_000L, 1_250, Double.NaN, null));
    assertThat(TABLE.columns()).containsExactly("meter_id", "at", "consumption", "kw", "ended_at", "one", "version");
    assertThat(calls).containsExactly(
        "setString 1 M1",
        "setString 2 2025-11-27 00:00:00",
        "setBigDecimal 3 " + new BigDecimal("1.250"),
        "setNull 4 " + Types.DOUBLE,
        "setNull 5 " + Types.TIMESTAMP,
        "setInt 6 1",
        "setLong 7 7");
  }

  @Test
  void aTableTravelsToTheTaskManagersAndBindsTheSameThere() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(TABLE);
    }
    @SuppressWarnings("unchecked")
    ClickHouseTable<Reading> copy = (ClickHouseTable<Reading>) new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray())).readObject();
    List<String> calls = new ArrayList<>();
    copy.binder().bind(recording(calls), new Reading("M2", 0, 5, 2.5, 60_000L));
    assertThat(calls).contains("setDouble 4 2.5", "setString 5 1970-01-01 00:01:00");
  }
}
