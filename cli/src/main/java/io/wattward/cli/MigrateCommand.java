package io.wattward.cli;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Apply the pending ClickHouse migrations of sql/migrations; safe to run again.")
final class MigrateCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--database", description = "Database to migrate (default: clickhouse.database).")
  String database;

  @Override
  public Integer call() throws Exception {
    ClickHouseEndpoint endpoint = cli.config().clickhouse().endpoint();
    if (database != null) {
      endpoint = endpoint.withDatabase(database);
    }
    List<String> applied = ClickHouseMigrator.fromClasspath(endpoint).migrate(System.out::println);
    System.out.println(applied.isEmpty() ? endpoint.database() + " is up to date"
        : "applied " + applied.size() + " migration(s) to " + endpoint.database());
    return 0;
  }
}
