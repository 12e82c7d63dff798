package io.wattward.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "infra", mixinStandardHelpOptions = true,
    description = "Local Kafka (KRaft) and ClickHouse on 127.0.0.1, data under .local/ (scripts/infra.sh).",
    subcommands = {InfraCommand.Up.class, InfraCommand.Down.class, InfraCommand.Status.class, InfraCommand.Clean.class})
final class InfraCommand {

  @ParentCommand WattwardCli cli;

  abstract static class Step implements Callable<Integer> {
    @ParentCommand InfraCommand infra;

    abstract String step();

    @Override
    public Integer call() {
      return infra.cli.local.infra(step());
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Install what is missing (clickhouse-server via apt, the Kafka broker via Maven), start both, wait until healthy.")
  static final class Up extends Step {
    @Override String step() {
      return "up";
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop both servers by PID.")
  static final class Down extends Step {
    @Override String step() {
      return "down";
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Say what runs where; exit 1 if a server is down.")
  static final class Status extends Step {
    @Override String step() {
      return "status";
    }
  }

  @Command(name = "clean", mixinStandardHelpOptions = true, description = "Stop both servers and delete their data.")
  static final class Clean extends Step {
    @Override String step() {
      return "clean";
    }
  }
}
