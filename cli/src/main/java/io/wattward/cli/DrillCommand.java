package io.wattward.cli;

import io.wattward.cli.drill.Drill;
import io.wattward.cli.drill.DrillReport;
import io.wattward.cli.lifecycle.JobJar;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "drill", mixinStandardHelpOptions = true,
    description = {"Prove that a crash or an outage loses nothing. On a Kafka broker and a ClickHouse server of its own",
        "(under .local/drill), the drill publishes a simulated hospital day, paced over a few minutes, with hostile",
        "records mixed in, while `wattward run rollup` runs in a JVM of its own. It kills that JVM (SIGKILL) and starts",
        "it again, stops ClickHouse and then Kafka for a while, stops the job with Ctrl-C, finishes with a bounded run",
        "and runs that again. Then it compares ClickHouse with the simulator's exact truth, accounts for every hostile",
        "record in the dead letters, and prints tables. Exits 1 if anything is lost, doubled, differing or",
        "unaccounted.",
        "With --cluster the job runs on a local Flink cluster of the drill's own (2 TaskManagers x 2 slots,",
        "RocksDB; `wattward submit rollup --fresh`): a TaskManager that runs its tasks is SIGKILLed and another",
        "started instead of each kill of the job's JVM; once it has caught up the job is stopped with",
        "`wattward savepoint rollup --stop --cluster`, and the bounded runs follow on this machine."})
final class DrillCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--hours", defaultValue = "24", description = "Simulated hours (default: ${DEFAULT-VALUE}).")
  int hours;

  @Option(names = "--publish-over", defaultValue = "240", paramLabel = "SECONDS",
      description = "Wall-clock seconds the day is published over; the faults fall inside (default: ${DEFAULT-VALUE}).")
  int publishOver;

  @Option(names = "--kills", defaultValue = "3", description = "SIGKILLs of the job (default: ${DEFAULT-VALUE}).")
  int kills;

  @Option(names = "--outage", defaultValue = "60", paramLabel = "SECONDS",
      description = "How long ClickHouse and then Kafka are stopped (default: ${DEFAULT-VALUE}).")
  int outage;

  @Option(names = "--hostile", defaultValue = "10000", description = "Hostile records (default: ${DEFAULT-VALUE}).")
  int hostile;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-servers", description = "Leave the drill's servers (and cluster) running afterwards (to "
      + "look around).")
  boolean keep;

  @Option(names = "--cluster", description = "Run the job on a local Flink standalone cluster of the drill's own and "
      + "kill its TaskManagers (needs the job jar: " + JobJar.BUILD + ").")
  boolean cluster;

  @Override
  public Integer call() throws Exception {
    if (kills < 1 || outage < 1 || hours < 1 || publishOver < 4 * outage / 3) {
      throw new IllegalArgumentException("need --kills >= 1, --outage >= 1, --hours >= 1, and --publish-over at least "
          + "4/3 of --outage, so both outages fall inside the replay");
    }
    if (cluster) {
      var problem = JobJar.problem(cli.local.home());
      if (problem.isPresent()) {
        System.err.println("wattward: " + problem.get());
        return 2;
      }
    }
    LocalDate day = LocalDate.now(Drill.ZONE).minusDays(2);
    Instant from = day.atStartOfDay(Drill.ZONE).toInstant();
    Path servers = cli.local.local("drill");
    DrillReport report = new Drill(cli.local.home(), new Drill.Settings(from, Duration.ofHours(hours),
        Duration.ofSeconds(publishOver), kills, Duration.ofSeconds(outage), hostile, seed, servers, keep, cluster), System.out)
        .run();
    report.print(System.out);
    return report.passed() ? 0 : 1;
  }
}
