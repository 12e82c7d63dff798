package io.wattward.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table for the terminal: right-aligned numbers, left-aligned text. */
public final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... header) {
    this.header = List.of(header);
  }

  public TextTable row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c instanceof Double d ? String.format("%,.3f", d)
          : c instanceof Long || c instanceof Integer ? String.format("%,d", c) : String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  public void print(PrintStream out) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder line = new StringBuilder("+");
    for (int w : width) {
      line.append("-".repeat(w + 2)).append('+');
    }
    out.println(line);
    out.println(format(header, width, false));
    out.println(line);
    for (List<String> r : rows) {
      out.println(format(r, width, true));
    }
    out.println(line);
  }

  private static String format(List<String> cells, int[] width, boolean alignNumbers) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      boolean numeric = alignNumbers && c.matches("-?[\\d,]+(\\.\\d+)?%?");
      sb.append(' ').append(numeric ? " ".repeat(width[i] - c.length()) + c : c + " ".repeat(width[i] - c.length()))
          .append(" |");
    }
    return sb.toString();
  }
}
