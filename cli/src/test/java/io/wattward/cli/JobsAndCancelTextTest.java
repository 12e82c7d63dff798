package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.cli.lifecycle.ClusterJobs;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What `wattward jobs` and `wattward cancel` say, from what the REST API answered. */
class JobsAndCancelTextTest {

  private static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

  private static ClusterJobs.Point checkpoint(long id, Instant at, String path) {
    return new ClusterJobs.Point(id, false, at, path);
  }

  @Test
  void jobsSaysWhereItLooked() {
    assertThat(JobsCommand.summary(0, null)).isEqualTo("no WattWard job runs on this machine");
    assertThat(JobsCommand.summary(0, "http://127.0.0.1:18081"))
        .isEqualTo("no WattWard job on this machine or on http://127.0.0.1:18081");
    assertThat(JobsCommand.summary(1, null)).isEqualTo("1 WattWard job on this machine:");
    assertThat(JobsCommand.summary(3, "http://127.0.0.1:18081"))
        .isEqualTo("3 WattWard jobs on this machine and on http://127.0.0.1:18081:");
  }

  @Test
  void cancelNamesTheRetainedCheckpointTheNextStartResumesFrom() {
    var c = new ClusterJobs.Checkpoints(12, 0, 0, 1, checkpoint(41, NOW.minusSeconds(20),
        "file:/srv/checkpoints/rollup-wattward/ab12/chk-41"), null, true);

    assertThat(CancelCommand.nextStart("rollup", c, NOW)).matches("its next start \\(`wattward submit rollup`\\) "
        + "resumes from its last retained checkpoint 41 of 2026-11-2\\d \\d\\d:\\d\\d:40 \\(20 s ago\\), "
        + "file:/srv/checkpoints/rollup-wattward/ab12/chk-41");
  }

  @Test
  void cancelBeforeTheFirstCheckpointSaysWhatTheNextStartDoes() {
    var restored = new ClusterJobs.Checkpoints(0, 0, 1, 1, null, new ClusterJobs.Point(-1, true, NOW,
        "file:/srv/checkpoints/rollup-wattward/savepoints/savepoint-ab12-0123456789ab"), true);
    var empty = new ClusterJobs.Checkpoints(0, 0, 1, 0, null, null, true);

    assertThat(CancelCommand.nextStart("rollup", restored, NOW)).isEqualTo("it has completed no checkpoint yet: its "
        + "next start (`wattward submit rollup`) resumes from the savepoint it started from, "
        + "file:/srv/checkpoints/rollup-wattward/savepoints/savepoint-ab12-0123456789ab");
    assertThat(CancelCommand.nextStart("rollup", empty, NOW)).isEqualTo("it has completed no checkpoint yet: its next "
        + "start (`wattward submit rollup`) starts over with empty state and reads its topics from their earliest "
        + "offsets");
    assertThat(CancelCommand.nextStart("rollup", null, NOW)).isEqualTo("its next start (`wattward submit rollup`) "
        + "resumes from the newest checkpoint or savepoint in its folder (the REST API did not name one)");
  }
}
