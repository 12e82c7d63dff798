package io.wattward.cli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorePointsTest {

  @TempDir Path folder;

  private Path point(String job, String name, String completedAt) throws Exception {
    Path dir = folder.resolve(job).resolve(name);
    Files.createDirectories(dir);
    Path metadata = Files.writeString(dir.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(completedAt)));
    return dir;
  }

  @Test
  void theNewestCompletedPointWinsAndOneWithoutMetadataIsNeverPicked() throws Exception {
    point("job-a", "chk-40", "2026-11-27T04:00:00Z");
    Path newest = point("job-b", "chk-3", "2026-11-27T04:10:00Z");
    point("savepoints", "savepoint-aa-1", "2026-11-27T04:05:00Z");
    Files.createDirectories(folder.resolve("job-b/chk-4")); // cut short by a crash: no _metadata

    RestorePoints.Point p = new RestorePoints(folder).newest().orElseThrow();
    assertThat(p.path()).isEqualTo(newest);
    assertThat(p.checkpointId()).isEqualTo(3);
    assertThat(p.savepoint()).isFalse();
    assertThat(p.describe(Instant.parse("2026-11-27T04:13:20Z"))).startsWith("checkpoint 3 of ")
        .endsWith("(3 min 20 s ago)");
  }

  @Test
  void pruningKeepsThePointBeingRestoredAndEverythingNewer() throws Exception {
    Path old = point("job-a", "chk-40", "2026-11-27T04:00:00Z");
    Path oldSavepoint = point("savepoints", "savepoint-aa-1", "2026-11-27T04:01:00Z");
    Path keep = point("job-b", "chk-3", "2026-11-27T04:10:00Z");
    RestorePoints points = new RestorePoints(folder);

    assertThat(points.pruneOlderThan(points.newest().orElseThrow())).hasSize(2);
    assertThat(old).doesNotExist();
    assertThat(oldSavepoint).doesNotExist();
    assertThat(keep.resolve("_metadata")).exists();
    assertThat(points.all()).hasSize(1);
  }

  @Test
  void discardingAllLeavesNothingToResumeFrom() throws Exception {
    point("job-a", "chk-1", "2026-11-27T04:00:00Z");
    point("savepoints", "savepoint-aa-1", "2026-11-27T04:01:00Z");
    RestorePoints points = new RestorePoints(folder);
    assertThat(points.discardAll()).hasSize(2);
    assertThat(points.newest()).isEmpty();
  }

  @Test
  void aFolderWithoutMetadataIsNotASavepoint() throws Exception {
    Files.createDirectories(folder.resolve("elsewhere"));
    assertThatThrownBy(() -> RestorePoints.at(folder.resolve("elsewhere")))
        .hasMessageContaining("is not a savepoint or checkpoint");
    Path sp = point("savepoints", "savepoint-bb-2", "2026-11-27T04:01:00Z");
    assertThat(RestorePoints.at(sp.resolve("_metadata")).savepoint()).isTrue();
  }

  @Test
  void aJobFolderHoldsAPointOnlyWithACompletedOne() throws Exception {
    Path job = Files.createDirectories(folder.resolve("rollup-x/0a1b"));
    Files.createDirectories(job.resolve("chk-4")); // being written: no _metadata yet
    Files.createDirectories(job.resolve("shared"));
    assertThat(RestorePoints.holdsPoint(folder.resolve("rollup-x"))).isFalse();
    Files.createDirectories(job.resolve("chk-3"));
    Files.writeString(job.resolve("chk-3/_metadata"), "m");
    assertThat(RestorePoints.holdsPoint(folder.resolve("rollup-x"))).isTrue();
    // a folder that went while being looked at holds nothing, and is no error
    assertThat(RestorePoints.holdsPoint(folder.resolve("gone"))).isFalse();
  }
}
