package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "wattward", mixinStandardHelpOptions = true, version = "WattWard 0.1.0",
    description = "Streaming energy analytics for hospitals: Kafka -> Flink -> ClickHouse.",
    subcommands = {InfraCommand.class, MigrateCommand.class, TopologyCommand.class, SimulateCommand.class,
        RunCommand.class, SavepointCommand.class, ClusterCommand.class, SubmitCommand.class, JobsCommand.class,
        CancelCommand.class, DrillCommand.class, DeadLettersCommand.class, DemoCommand.class, BenchCommand.class, EvalCommand.class,
        NotifyCommand.class, QuotasCommand.class, VolumeCommand.class, ReportCommand.class, RulesCommand.class, ServeCommand.class,
        CommandLine.HelpCommand.class})
public final class WattwardCli {

  @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
      description = "YAML configuration laid over the built-in defaults; WATTWARD_* environment variables override both.")
  Path configFile;

  final LocalEnvironment local = new LocalEnvironment();

  WattwardConfig config() {
    return local.config(configFile);
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new WattwardCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("wattward: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      if (System.getenv("WATTWARD_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
