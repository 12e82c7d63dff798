package io.wattward.cli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The REST API's answers (shapes taken from a Flink 2.2.1 cluster running the rollup job) read as WattWard's jobs. */
class ClusterJobsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.ofEpochMilli(1_795_797_900_000L);

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void overviewListsOnlyWattwardJobsActiveOnesFirstNewestFirst() throws Exception {
    JsonNode overview = json("{'jobs':["
        + "{'jid':'a1','name':'wattward rollup','start-time':1795797000000,'end-time':1795797600000,'duration':600000,"
        + "'state':'CANCELED'},"
        + "{'jid':'b2','name':'someone else','start-time':1795797800000,'end-time':-1,'duration':100000,"
        + "'state':'RUNNING'},"
        + "{'jid':'c3','name':'wattward rollup','start-time':1795797882315,'end-time':-1,'duration':15808,"
        + "'state':'RUNNING'},"
        + "{'jid':'d4','name':'wattward forecast','start-time':1795797890000,'end-time':-1,'duration':5000,"
        + "'state':'RESTARTING'}]}");

    var jobs = ClusterJobs.jobs(overview);

    assertThat(jobs).extracting(ClusterJobs.Job::flinkJobId).containsExactly("d4", "c3", "a1");
    assertThat(jobs.get(1).job()).isEqualTo("rollup");
    assertThat(jobs.get(1).active()).isTrue();
    assertThat(jobs.get(1).uptime(NOW)).isEqualTo("15 s");
    assertThat(jobs.get(2).active()).isFalse();
    assertThat(jobs.get(2).uptime(NOW)).isEqualTo("ran 10 min 0 s, ended 5 min 0 s ago");
  }

  @Test
  void checkpointsGiveTheNewestCompletedOneItsFolderAndTheRetentionOnCancel() throws Exception {
    JsonNode stats = json("{'counts':{'restored':1,'total':3,'in_progress':0,'completed':2,'failed':1},"
        + "'latest':{'completed':{'id':4,'status':'COMPLETED','is_savepoint':false,"
        + "'latest_ack_timestamp':1795797880000,'external_path':"
        + "'file:/srv/checkpoints/rollup-wattward_drill/7734dac0152ebc2ffe6b8865c5392fd7/chk-4'},"
        + "'savepoint':null,'failed':null,'restored':{'id':1,'restore_timestamp':1795797870000,'is_savepoint':false,"
        + "'external_path':'file:/srv/checkpoints/rollup-wattward_drill/7734dac0152ebc2ffe6b8865c5392fd7/chk-1'}}}");
    JsonNode config = json("{'mode':'exactly_once','interval':5000,"
        + "'externalization':{'enabled':true,'delete_on_cancellation':false}}");

    ClusterJobs.Checkpoints c = ClusterJobs.checkpoints(stats, config);

    assertThat(c.completed()).isEqualTo(2);
    assertThat(c.failed()).isEqualTo(1);
    assertThat(c.restored()).isEqualTo(1);
    assertThat(c.latest().id()).isEqualTo(4);
    assertThat(c.latest().localPath()).contains(
        Path.of("/srv/checkpoints/rollup-wattward_drill/7734dac0152ebc2ffe6b8865c5392fd7/chk-4"));
    assertThat(c.lastCompleted(NOW)).isEqualTo("#4, 20 s ago");
    assertThat(c.restoredFrom().id()).isEqualTo(1);
    assertThat(c.retainedOnCancellation()).isTrue();
    assertThat(c.database("rollup")).contains("wattward_drill");
    assertThat(c.database("forecast")).isEmpty();
  }

  @Test
  void aJobWithoutCheckpointsOrRetentionSaysSo() throws Exception {
    JsonNode stats = json("{'counts':{'restored':0,'total':0,'in_progress':1,'completed':0,'failed':0},"
        + "'latest':{'completed':null,'savepoint':null,'failed':null,'restored':null}}");
    JsonNode deleting = json("{'externalization':{'enabled':true,'delete_on_cancellation':true}}");

    ClusterJobs.Checkpoints c = ClusterJobs.checkpoints(stats, deleting);

    assertThat(c.latest()).isNull();
    assertThat(c.restoredFrom()).isNull();
    assertThat(c.lastCompleted(NOW)).isEqualTo("none yet");
    assertThat(c.retainedOnCancellation()).isFalse();
    assertThat(c.database("rollup")).isEmpty();
    assertThat(ClusterJobs.checkpoints(stats, null).retainedOnCancellation()).isNull();
  }

  @Test
  void aSavepointNewerThanTheLastCheckpointIsTheLatestPoint() throws Exception {
    JsonNode stats = json("{'counts':{'completed':3},'latest':{"
        + "'completed':{'id':4,'is_savepoint':false,'latest_ack_timestamp':1795797880000,'external_path':'file:/c/chk-4'},"
        + "'savepoint':{'id':5,'is_savepoint':true,'latest_ack_timestamp':1795797890000,"
        + "'external_path':'file:/c/savepoints/savepoint-7734da-1a2b3c4d5e6f'}}}");

    ClusterJobs.Checkpoints c = ClusterJobs.checkpoints(stats, null);

    assertThat(c.latest().savepoint()).isTrue();
    assertThat(c.lastCompleted(NOW)).isEqualTo("savepoint, 10 s ago");
  }

  @Test
  void aTaskManagerWithAFreeSlotLessThanItHasIsBusy() {
    assertThat(new ClusterJobs.TaskManager("tm-2", 2, 1).busy()).isTrue();
    assertThat(new ClusterJobs.TaskManager("tm-3", 2, 2).busy()).isFalse();
  }
}
