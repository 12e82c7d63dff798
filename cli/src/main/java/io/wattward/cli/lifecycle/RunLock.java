package io.wattward.cli.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of a job per database at a time, and where a running one can be reached. The lock is an OS
 * file lock, so a killed run leaves nothing to clean up; beside it, the run writes its process id, its
 * Flink job id and the address of its Flink REST endpoint, which {@code wattward savepoint} uses.
 */
public final class RunLock implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a running job tells other commands about itself. */
  public record RunInfo(long pid, String restUrl, String jobId, String job, String database) {}

  private final Path infoFile;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path infoFile, FileChannel channel, FileLock lock) {
    this.infoFile = infoFile;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code name} in {@code folder}, or says who holds it. */
  public static RunLock acquire(Path folder, String name) throws IOException {
    Files.createDirectories(folder);
    Path lockFile = folder.resolve(name + ".lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      String who = read(folder, name).map(i -> " (pid " + i.pid() + ", Flink job " + i.jobId() + ")").orElse("");
      throw new IllegalStateException("another run of " + name + " is going on" + who
          + "; stop it first (Ctrl-C, or `wattward savepoint JOB --stop`)");
    }
    RunLock held = new RunLock(folder.resolve(name + ".json"), channel, lock);
    // a run killed before it could clean up left its file: it must not be read as this run's
    Files.deleteIfExists(held.infoFile);
    return held;
  }

  /** Publishes where this run's Flink can be reached. */
  public void publish(RunInfo info) throws IOException {
    Path tmp = infoFile.resolveSibling(infoFile.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(info), StandardCharsets.UTF_8);
    Files.move(tmp, infoFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The running job of {@code name}, if one holds the lock. For other processes: the probe closes its
   * channel, which would release a lock this very process holds on the file.
   */
  public static Optional<RunInfo> running(Path folder, String name) throws IOException {
    Path lockFile = folder.resolve(name + ".lock");
    if (!Files.exists(lockFile)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe != null) {
        probe.release();
        return Optional.empty();
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // held by this very process
    }
    return read(folder, name).filter(i -> ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive).orElse(false));
  }

  /** Every run going on, of any job and database, whose lock is in {@code folder} (.local/run). */
  public static List<RunInfo> all(Path folder) throws IOException {
    List<RunInfo> out = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (var files = Files.list(folder)) {
      for (Path lock : files.filter(f -> f.getFileName().toString().endsWith(".lock")).sorted().toList()) {
        String name = lock.getFileName().toString();
        running(folder, name.substring(0, name.length() - ".lock".length())).ifPresent(out::add);
      }
    }
    return out;
  }

  private static Optional<RunInfo> read(Path folder, String name) {
    try {
      Path file = folder.resolve(name + ".json");
      return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), RunInfo.class)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(infoFile);
    lock.release();
    channel.close();
  }
}
