package io.wattward.cli.lifecycle;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;

/**
 * Submits a job to a Flink cluster through its REST API and leaves it running there (detached).
 *
 * <p>The job graph is built here, from the same pipeline and with the same checkpoint, restart and restore
 * settings as `wattward run` (see {@link JobSupervisor}); its operators carry everything they need (the
 * settings, the meter and sensor registries) serialized in them, and the job jar goes up with it so that
 * the TaskManagers load the job's classes from it. The job's checkpoints go to its own folder (a path every
 * TaskManager and this command must see alike: one machine, or a shared file system), so the next
 * submission resumes from the newest one, as a run does.
 */
public final class ClusterSubmission {

  private final JobDefinition job;
  private final PrintStream out;

  public ClusterSubmission(JobDefinition job, PrintStream out) {
    this.job = job;
    this.out = out;
  }

  /** What a submission ended with: the Flink job, or why there is none. */
  public record Submitted(int exitCode, JobID jobId, String message) {}

  public Submitted submit(String restUrl, Path jobJar, JobSupervisor.Start start) throws Exception {
    if (!Files.isRegularFile(jobJar)) {
      out.printf("the job jar %s does not exist: build it with `mvn -pl jobs -am package -DskipTests`%n", jobJar);
      return new Submitted(2, null, "no job jar");
    }
    String name = "wattward " + job.name();
    try (RestClusterClient<StandaloneClusterId> client = LocalFlink.client(restUrl)) {
      Optional<JobStatusMessage> running = client.listJobs().get(30, TimeUnit.SECONDS).stream()
          .filter(j -> j.getJobName().equals(name) && !j.getJobState().isGloballyTerminalState()).findFirst();
      if (running.isPresent()) {
        out.printf("%s already runs on %s (Flink job %s, %s): cancel it or stop it with a savepoint first%n", job.name(),
            restUrl, running.get().getJobId(), running.get().getJobState());
        return new Submitted(1, running.get().getJobId(), "already running");
      }
      JobSupervisor supervisor = new JobSupervisor(job, null, out);
      Optional<RestorePoints.Point> restore;
      try (InputProgress input = new InputProgress(job.config().kafka().bootstrap(), job.inputs().group(),
          job.inputs().topics())) {
        restore = supervisor.prepareStart(start, input);
      } catch (JobSupervisor.StateFormatMismatch e) {
        return new Submitted(2, null, e.getMessage());
      }
      JobGraph graph = supervisor.jobGraph(restore);
      graph.addJar(new org.apache.flink.core.fs.Path(jobJar.toAbsolutePath().toUri()));
      JobID id = client.submitJob(graph).get(5, TimeUnit.MINUTES);
      out.printf("%s submitted to %s: Flink job %s, parallelism %d, checkpoints in %s%n", job.name(), restUrl, id,
          job.config().pipeline().parallelism(), supervisor.restorePoints().folder());
      out.printf("watch it at %s/#/job/running/%s; stop it with `wattward savepoint %s --stop --cluster %s`%n",
          restUrl, id, job.name(), restUrl);
      return new Submitted(0, id, "submitted");
    }
  }
}
