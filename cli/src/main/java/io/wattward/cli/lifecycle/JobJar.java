package io.wattward.cli.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The job jar a Flink cluster runs ({@code jobs/target/wattward-jobs-cluster.jar}, built by {@code mvn package}):
 * it must exist, and in a source tree it must be newer than the classes it is made of (the jobs' and the
 * connectors' with the schemas), or the cluster runs other code than the command line that submits to it.
 */
public final class JobJar {

  public static final String PATH = "jobs/target/wattward-jobs-cluster.jar";
  public static final String BUILD = "mvn -pl jobs -am package -DskipTests";
  private static final List<String> CLASSES = List.of("jobs/target/classes", "connectors/target/classes");

  private JobJar() {}

  /** What is wrong with the job jar under {@code home}, in one line with what to run; empty if nothing. */
  public static Optional<String> problem(Path home) {
    Path jar = home.resolve(PATH);
    if (!Files.isRegularFile(jar)) {
      return Optional.of("the cluster job jar " + PATH + " does not exist: build it with `" + BUILD + "`");
    }
    long built = jar.toFile().lastModified();
    for (String folder : CLASSES) {
      Optional<Path> newer = newestClass(home.resolve(folder)).filter(c -> c.toFile().lastModified() > built);
      if (newer.isPresent()) {
        return Optional.of("the cluster job jar " + PATH + " is older than " + home.relativize(newer.get())
            + ": build it again with `" + BUILD + "`");
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> newestClass(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".class"))
          .max(java.util.Comparator.comparingLong(f -> f.toFile().lastModified()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
