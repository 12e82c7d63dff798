package io.wattward.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.cli.LocalEnvironment;
import io.wattward.cli.lifecycle.ClusterJobs;
import io.wattward.cli.lifecycle.JobJar;
import io.wattward.cli.lifecycle.RestorePoints;
import io.wattward.simulator.HostileReadings;
import io.wattward.testing.LocalInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fault drill in cluster mode, shortened for the test suite: one simulated hour published over 45 s into
 * servers of the drill's own while the rollup job runs on a local Flink standalone cluster of the drill's own
 * (`wattward submit rollup --fresh`); a TaskManager that runs its tasks is SIGKILLed and another started,
 * ClickHouse and then Kafka are stopped for 8 s each, the job is stopped with `wattward savepoint --stop
 * --cluster`, and the two bounded local runs follow. Then, on the cluster the drill leaves up: `wattward jobs`
 * lists the stopped job, `wattward submit` resumes it, `wattward cancel` names the checkpoint the next start
 * resumes from, which stays on disk after the cancellation, and the next `wattward submit` resumes from it. `wattward drill --cluster` runs the same longer.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClusterDrillTest {

  @Test
  void aTaskManagerKilledAndBothOutagesOnTheClusterLoseNothingAndCancelKeepsTheCheckpoint() throws Exception {
    Path home = LocalInfra.get().projectRoot();
    assertThat(JobJar.problem(home)).as("the cluster job jar (mvn -pl cli -am package builds it before this "
        + "module's tests)").isEmpty();
    Path folder = home.resolve(".local/drill-cluster-test").toAbsolutePath();
    Instant from = LocalDate.of(2026, 11, 20).atStartOfDay(Drill.ZONE).toInstant();
    ServerSet servers = new ServerSet(home, folder);
    try {
      DrillReport report = new Drill(home, new Drill.Settings(from, Duration.ofHours(1), Duration.ofSeconds(45), 1,
          Duration.ofSeconds(8), 500, 42, folder, true, true), System.out).run();
      report.print(System.out);

      assertThat(report.mode()).startsWith("cluster:");
      // 366 meters x 60 minutes, each exactly as the simulator metered it
      assertThat(report.meterMinutesExpected).isEqualTo(366L * 60);
      assertThat(report.meterMinutesFound).isEqualTo(366L * 60);
      assertThat(report.meterMinutesMissing).isZero();
      assertThat(report.meterMinutesExtra).isZero();
      assertThat(report.meterMinutesDiffering).isZero();
      assertThat(report.buildingDaysDiffering).isZero();
      assertThat(report.secondRunChanged).isZero();
      long sent = report.perKind.values().stream().mapToLong(r -> r[0]).sum();
      assertThat(sent).isBetween(500L, 600L);
      report.perKind.forEach((kind, r) -> assertThat(r[1]).as(kind + " dead-lettered with " + kind.reason)
          .isEqualTo(r[0]));
      assertThat(report.perKind).hasSize(HostileReadings.Kind.values().length);
      assertThat(report.validDeadLettered).isZero();
      assertThat(report.topicRepeats).isZero();
      // the kill, then ClickHouse, then Kafka; each with the time the job took to be back
      assertThat(report.faults()).hasSize(3).allSatisfy(f -> assertThat(f.recoverySeconds()).isNotNull());
      assertThat(report.faults().get(0).what()).contains("TaskManager").contains("SIGKILL");
      assertThat(report.passed()).isTrue();

      operateTheClusterTheDrillLeftUp(home, servers);
    } finally {
      ProcessBuilder down = new ProcessBuilder("bash", home.resolve("scripts/cluster.sh").toString(), "down")
          .inheritIO();
      down.environment().put("WATTWARD_LOCAL_DIR", folder.toString());
      down.start().waitFor();
      servers.down();
    }
  }

  /** `wattward jobs`, `submit` and `cancel` against the drill's cluster, with the drill's settings. */
  private static void operateTheClusterTheDrillLeftUp(Path home, ServerSet servers) throws Exception {
    String rest = LocalEnvironment.readInfraEnv(servers.folder().resolve("cluster/cluster.env"))
        .get("WATTWARD_FLINK_REST");
    Map<String, String> env = Drill.commandEnv(servers);
    ClusterJobs cluster = new ClusterJobs(rest);

    List<String> listed = run(home, servers, env, "jobs", "--cluster", rest);
    assertThat(listed).anySatisfy(l -> assertThat(l).contains("| rollup ").contains("| FINISHED ")
        .contains(Drill.DATABASE));

    run(home, servers, env, "submit", "rollup", "--cluster", rest);
    String id = cluster.active("rollup").orElseThrow().flinkJobId();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (cluster.checkpoints(id).map(ClusterJobs.Checkpoints::completed).orElse(0L) == 0) {
      assertThat(System.nanoTime()).as("a checkpoint of the resumed job within 2 min").isLessThan(deadline);
      Thread.sleep(500);
    }
    assertThat(run(home, servers, env, "jobs", "--cluster", rest)).anySatisfy(l -> assertThat(l)
        .contains("| rollup ").contains("| RUNNING ").contains(id).containsPattern("\\| #\\d+, \\d+ s ago"));

    List<String> cancelled = run(home, servers, env, "cancel", "rollup", "--cluster", rest);
    assertThat(cancelled).anySatisfy(l -> assertThat(l).contains("without a savepoint: its next start (`wattward "
        + "submit rollup`) resumes from its last retained checkpoint"));
    assertThat(cluster.state(id)).contains("CANCELED");
    ClusterJobs.Point kept = cluster.checkpoints(id).orElseThrow().latest();
    Optional<RestorePoints.Point> next = new RestorePoints(servers.folder().resolve("checkpoints/rollup-"
        + Drill.DATABASE)).newest();
    assertThat(next).as("the point the next submit resumes from").isPresent();
    assertThat(next.get().path()).isEqualTo(kept.localPath().orElseThrow());
    assertThat(next.get().checkpointId()).isEqualTo(kept.id());
    // and the next submission resumes from it (the cluster goes down with it running)
    assertThat(run(home, servers, env, "submit", "rollup", "--cluster", rest)).anySatisfy(l -> assertThat(l)
        .contains("resuming from checkpoint " + kept.id() + " of "));
  }

  private static List<String> run(Path home, ServerSet servers, Map<String, String> env, String... args)
      throws Exception {
    ChildCommand c = ChildCommand.start(home, env, servers.folder().resolve("logs/" + args[0] + ".log"),
        line -> System.out.println("   " + args[0] + " | " + line), args);
    assertThat(c.waitFor(Duration.ofMinutes(3))).as("wattward " + String.join(" ", args)).contains(0);
    return c.lines().stream().map(ChildCommand.Line::text).toList();
  }
}
