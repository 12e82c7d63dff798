package io.wattward.cli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJarTest {

  @TempDir Path home;

  private Path file(String relative, long modifiedMs) throws Exception {
    Path f = home.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "x");
    assertThat(f.toFile().setLastModified(modifiedMs)).isTrue();
    return f;
  }

  @Test
  void aMissingJarIsNamedWithTheCommandThatBuildsIt() {
    assertThat(JobJar.problem(home)).contains("the cluster job jar jobs/target/wattward-jobs-cluster.jar does not "
        + "exist: build it with `mvn -pl jobs -am package -DskipTests`");
  }

  @Test
  void aJarOlderThanAJobOrConnectorClassIsStale() throws Exception {
    file("jobs/target/wattward-jobs-cluster.jar", 2_000_000_000_000L);
    file("jobs/target/classes/io/wattward/jobs/rollup/RollupJob.class", 1_900_000_000_000L);
    assertThat(JobJar.problem(home)).isEmpty();

    file("connectors/target/classes/io/wattward/schema/MeterReading.class", 2_000_000_001_000L);
    assertThat(JobJar.problem(home)).contains("the cluster job jar jobs/target/wattward-jobs-cluster.jar is older "
        + "than connectors/target/classes/io/wattward/schema/MeterReading.class: build it again with "
        + "`mvn -pl jobs -am package -DskipTests`");
  }

  @Test
  void aJarWithoutASourceTreeBesideItIsTakenAsItIs() throws Exception {
    file("jobs/target/wattward-jobs-cluster.jar", 1_000L);
    assertThat(JobJar.problem(home)).isEmpty();
  }
}
