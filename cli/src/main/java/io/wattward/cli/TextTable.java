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
      width[i] = columns(header.get(i));
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], columns(r.get(i)));
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
      String pad = " ".repeat(width[i] - columns(c));
      sb.append(' ').append(numeric ? pad + c : c + pad).append(" |");
    }
    return sb.toString();
  }

  /** How many terminal columns the text takes: Chinese, Japanese and Korean characters and full-width forms two. */
  static int columns(String text) {
    return text.codePoints().map(c -> wide(c) ? 2 : 1).sum();
  }

  private static boolean wide(int c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) || (c >= 0xAC00 && c <= 0xD7A3)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
        || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
  }
}
