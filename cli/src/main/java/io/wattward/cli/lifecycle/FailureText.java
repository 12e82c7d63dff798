package io.wattward.cli.lifecycle;

import java.util.List;

/**
 * Turns what Flink reports about a failure (an exception with its causes, as text) into the one line an
 * operator reads, and tells the failures that a restart cannot cure.
 */
final class FailureText {
  private FailureText() {}

  private static final String PERMANENT = "io.wattward.connectors.faults.PermanentFailure";

  /** Signs that the state being restored does not fit this build. */
  private static final List<String> RESTORE = List.of(
      "Cannot map checkpoint/savepoint state for operator",
      "StateMigrationException",
      "Could not restore keyed state backend",
      "Could not restore operator state backend",
      "Failed to rollback to checkpoint/savepoint",
      "InvalidClassException");

  /** Whether the failure says the restored state does not fit this build. */
  static boolean isRestoreIncompatibility(String trace) {
    return trace != null && RESTORE.stream().anyMatch(trace::contains);
  }

  /** Whether the failure is one a restart cannot cure (WattWard said so). */
  static boolean isPermanent(String trace) {
    return trace != null && trace.contains(PERMANENT);
  }

  /**
   * The most telling message of a stack trace text: WattWard's own permanent-failure message if there
   * is one, else the innermost cause ("Caused by: ...").
   */
  static String reason(String trace) {
    if (trace == null || trace.isBlank()) {
      return "unknown failure (see the log)";
    }
    String best = null;
    for (String raw : trace.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("at ") || line.startsWith("...") || line.isEmpty()) {
        continue;
      }
      if (line.startsWith("Caused by: ")) {
        line = line.substring("Caused by: ".length());
      }
      if (line.startsWith(PERMANENT + ": ")) {
        return oneLine(line.substring(PERMANENT.length() + 2));
      }
      if (line.contains("Exception") || line.contains("Error") || best == null) {
        best = line;
      }
    }
    return oneLine(withoutClassName(best));
  }

  /** "java.net.ConnectException: Connection refused" becomes "Connection refused (ConnectException)". */
  static String withoutClassName(String line) {
    int colon = line.indexOf(": ");
    if (colon > 0 && line.substring(0, colon).matches("[\\w.$]+")) {
      String cls = line.substring(0, colon);
      return line.substring(colon + 2) + " (" + cls.substring(cls.lastIndexOf('.') + 1) + ")";
    }
    return line;
  }

  private static String oneLine(String s) {
    String flat = s.replaceAll("\\s+", " ").strip();
    return flat.length() > 240 ? flat.substring(0, 237) + "..." : flat;
  }
}
