package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WattwardCliTest {

  private static void collect(CommandLine cmd, List<CommandLine> out) {
    out.add(cmd);
    cmd.getSubcommands().values().forEach(sub -> collect(sub, out));
  }

  @Test
  void everyCommandAnswersHelp() {
    List<CommandLine> all = new ArrayList<>();
    collect(new CommandLine(new WattwardCli()), all);
    List<String> names = new ArrayList<>();
    for (CommandLine cmd : all) {
      if (cmd.getCommandName().equals("help")) {
        continue;
      }
      StringWriter text = new StringWriter();
      cmd.setOut(new PrintWriter(text));
      int code = cmd.execute("--help");
      assertThat(code).as(cmd.getCommandName()).isZero();
      assertThat(text.toString()).as(cmd.getCommandName()).startsWith("Usage: ");
      names.add(cmd.getCommandSpec().qualifiedName());
    }
    assertThat(names).contains("wattward infra up", "wattward infra down", "wattward migrate", "wattward simulate",
        "wattward run", "wattward topology load", "wattward demo", "wattward bench", "wattward dead-letters",
        "wattward jobs", "wattward cancel", "wattward drill");
  }

  @Test
  void unknownJobIsNamedInTheError() {
    CommandLine cli = new CommandLine(new WattwardCli());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler((e, c, p) -> {
      c.getErr().println(e.getMessage());
      return 1;
    });

    int code = cli.execute("run", "meter-hour");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("unknown job 'meter-hour'; jobs: rollup");
  }

  @Test
  void textTableAlignsNumbersRight() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TextTable("building", "kWh").row("IP2", 1234.5).row("ADM", 7L).print(new PrintStream(bytes));

    assertThat(bytes.toString().lines().toList()).containsExactly(
        "+----------+-----------+",
        "| building | kWh       |",
        "+----------+-----------+",
        "| IP2      | 1,234.500 |",
        "| ADM      |         7 |",
        "+----------+-----------+");
  }

  @Test
  void textTableCountsChineseCharactersTwoColumnsWide() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TextTable("department", "kWh").row("放射科", 7L).row("肾内科（血液透析）", 12L).print(new PrintStream(bytes));

    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "+--------------------+-----+",
        "| department         | kWh |",
        "+--------------------+-----+",
        "| 放射科             |   7 |",
        "| 肾内科（血液透析） |  12 |",
        "+--------------------+-----+");
  }
}
