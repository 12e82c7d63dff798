package io.wattward.connectors.clickhouse;

import java.sql.SQLException;
import java.util.Map;

/**
 * Which ClickHouse errors are worth waiting out and which are not. A server that is down, restarting,
 * overloaded or slow (connection refused, timeouts, too many parts, memory limits) is transient: the
 * same rows will be taken later. A table or column that does not exist, a type the table does not
 * take, a refused login or a read-only user are permanent: the job must stop and say so, because no
 * number of retries will change them.
 */
public final class ClickHouseErrors {
  private ClickHouseErrors() {}

  /** Error codes (ClickHouse's ErrorCodes.cpp) that retrying cannot cure, with what to do about each. */
  private static final Map<Integer, String> PERMANENT = Map.ofEntries(
      Map.entry(60, "the table does not exist: run `wattward migrate`"),
      Map.entry(81, "the database does not exist: run `wattward migrate`"),
      Map.entry(16, "a column is missing: the table is older than this build; run `wattward migrate`"),
      Map.entry(47, "a column is missing: the table is older than this build; run `wattward migrate`"),
      Map.entry(10, "a column is missing: the table is older than this build; run `wattward migrate`"),
      Map.entry(20, "the table's columns differ from what this build writes; run `wattward migrate`"),
      Map.entry(53, "a value's type does not match the table's column; the table differs from this build"),
      Map.entry(70, "a value cannot be converted to the table's column type; the table differs from this build"),
      Map.entry(6, "a value cannot be parsed as the table's column type; the table differs from this build"),
      Map.entry(27, "a value cannot be parsed as the table's column type; the table differs from this build"),
      Map.entry(38, "a date cannot be parsed; the table differs from this build"),
      Map.entry(41, "a date-time cannot be parsed; the table differs from this build"),
      Map.entry(62, "the INSERT statement is not valid for this server"),
      Map.entry(192, "ClickHouse does not know the user: check clickhouse.user"),
      Map.entry(193, "the password is wrong: check WATTWARD_CLICKHOUSE_PASSWORD"),
      Map.entry(516, "the login was refused: check clickhouse.user and WATTWARD_CLICKHOUSE_PASSWORD"),
      Map.entry(497, "the user may not insert into this table: grant INSERT or use another user"),
      Map.entry(164, "the user is read-only: use a user that may insert"));

  /** What to do about a permanent error, or null if {@code error} is transient. */
  public static String permanent(Throwable error) {
    Throwable root = error;
    boolean io = false;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && PERMANENT.containsKey(sql.getErrorCode())) {
        return PERMANENT.get(sql.getErrorCode());
      }
      io |= t instanceof SQLException || t instanceof java.io.IOException;
      root = t;
    }
    if (!io && (root instanceof NullPointerException || root instanceof IllegalArgumentException
        || root instanceof ClassCastException || root instanceof IndexOutOfBoundsException
        || root instanceof ArithmeticException)) {
      // a bug in binding a row (null where a value must be, a bad index): the same row fails again
      return "a row could not be bound to the INSERT (" + root + ")";
    }
    return null;
  }
}
