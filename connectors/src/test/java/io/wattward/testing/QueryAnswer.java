package io.wattward.testing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A query's answer as text, as the engine printed it: column names and types, rows of values (null for
 * NULL). Two engines' answers are compared value by value; numbers are equal within a relative 1e-9,
 * since engines print them differently (a Decimal(18, 3) sum is 1000.000 on 18.16 and 1000 on 26.7) and
 * may add floats in another order.
 */
public record QueryAnswer(List<String> columns, List<String> types, List<List<String>> rows) {

  private static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-9");

  /**
   * Reads a JDBC result set as the server's text (the legacy driver hands over the server's TSV values;
   * its type names leave out {@code Nullable(...)}).
   */
  public static QueryAnswer read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      columns.add(md.getColumnLabel(i));
      types.add(md.getColumnTypeName(i));
    }
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= columns.size(); i++) {
        row.add(rs.getString(i));
      }
      rows.add(row);
    }
    return new QueryAnswer(columns, types, rows);
  }

  /** Parses ClickHouse's TabSeparatedWithNamesAndTypes; an empty text (no result set) has no columns. */
  public static QueryAnswer parseTabSeparated(String text) {
    if (text.isEmpty()) {
      return new QueryAnswer(List.of(), List.of(), List.of());
    }
    List<List<String>> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      lines.add(Arrays.stream(line.split("\t", -1)).map(QueryAnswer::unescape).toList());
    }
    if (text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    if (lines.size() < 2) {
      throw new IllegalArgumentException("not TabSeparatedWithNamesAndTypes (no line of types): " + text);
    }
    return new QueryAnswer(lines.get(0), lines.get(1), List.copyOf(lines.subList(2, lines.size())));
  }

  private static String unescape(String field) {
    if (field.equals("\\N")) {
      return null;
    }
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\' || i + 1 == field.length()) {
        out.append(c);
        continue;
      }
      char e = field.charAt(++i);
      out.append(switch (e) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        case 'b' -> '\b';
        case 'f' -> '\f';
        case '0' -> '\0';
        default -> e; // \\ \' and any other escaped character stand for themselves
      });
    }
    return out.toString();
  }

  /**
   * Where this answer and another differ, shown as both tables with the differing rows marked; empty when
   * the column names and every value agree. Unordered answers are compared as sorted rows.
   */
  public Optional<String> difference(QueryAnswer other, boolean ordered, String thisName, String otherName) {
    List<List<String>> mine = ordered ? rows : sorted(rows);
    List<List<String>> theirs = ordered ? other.rows : sorted(other.rows);
    boolean same = columns.equals(other.columns) && mine.size() == theirs.size();
    for (int i = 0; same && i < mine.size(); i++) {
      same = sameRow(mine.get(i), theirs.get(i));
    }
    if (same) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    out.append("columns ").append(thisName).append(": ").append(columns).append(' ').append(types).append('\n');
    out.append("columns ").append(otherName).append(": ").append(other.columns).append(' ').append(other.types)
        .append('\n');
    // a long answer shows only the rows that differ
    boolean showEqual = Math.max(mine.size(), theirs.size()) <= 30;
    out.append("rows (- ").append(thisName).append(", + ").append(otherName).append(", ")
        .append(ordered ? "in order" : "sorted").append(showEqual ? "" : ", equal rows left out").append("):\n");
    for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
      List<String> a = i < mine.size() ? mine.get(i) : null;
      List<String> b = i < theirs.size() ? theirs.get(i) : null;
      if (a != null && b != null && sameRow(a, b)) {
        if (showEqual) {
          out.append("    ").append(line(a)).append('\n');
        }
        continue;
      }
      if (a != null) {
        out.append("  - ").append(line(a)).append('\n');
      }
      if (b != null) {
        out.append("  + ").append(line(b)).append('\n');
      }
    }
    return Optional.of(out.toString());
  }

  private static boolean sameRow(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!sameValue(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean sameValue(String a, String b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x == null || y == null) {
      return false;
    }
    BigDecimal scale = x.abs().max(y.abs()).max(BigDecimal.ONE);
    return x.subtract(y).abs().compareTo(scale.multiply(RELATIVE_TOLERANCE)) <= 0;
  }

  private static BigDecimal number(String s) {
    if (s == null || s.isEmpty() || !(Character.isDigit(s.charAt(s.length() - 1)))) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Rows sorted by their text, numbers written alike on both engines (1000.000 as 1000). */
  private static List<List<String>> sorted(List<List<String>> rows) {
    return rows.stream().sorted(Comparator.comparing((List<String> row) -> line(row.stream().map(v -> {
      BigDecimal n = number(v);
      return n == null ? v : n.stripTrailingZeros().toPlainString();
    }).toList()))).toList();
  }

  private static String line(List<String> row) {
    return String.join(" | ", row.stream().map(v -> v == null ? "NULL" : v).toList());
  }
}
