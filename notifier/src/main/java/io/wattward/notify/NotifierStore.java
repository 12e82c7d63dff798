package io.wattward.notify;

import io.wattward.schema.Anomaly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.sqlite.SQLiteConfig;

/**
 * The notifier's memory, one SQLite file (WAL journal, {@code synchronous=FULL}): the engine's groups and
 * latest anomalies, the Kafka position up to which they are decided, the outbox of messages per channel,
 * the tickets opened in repair systems, and who acknowledged what and when. A decision (new anomalies, the
 * groups they changed, the messages that came of it, the positions that were read, an acknowledgement) is
 * one transaction: after a crash the file
 * holds all of it or none of it. One notifier per file (a lock file keeps a second one out).
 *
 * <p>Outbox rows go PENDING → SENT, or → FAILED (due again at {@code next_attempt_at}) → … → SENT or
 * GAVE_UP. Thread-safe: every method holds the store's lock for one short transaction.
 */
public final class NotifierStore implements AutoCloseable {

  /** Layout of the tables; {@link #migrate} brings an older file up to it. */
  static final int SCHEMA_VERSION = 2;

  public static final String PENDING = "PENDING";
  public static final String FAILED = "FAILED";
  public static final String SENT = "SENT";
  public static final String GAVE_UP = "GAVE_UP";
  private static final String OPEN = "status IN ('PENDING', 'FAILED')";

  private final Path file;
  private final Connection db;
  private final FileChannel lockChannel;
  private final FileLock lock;
  /** What the file holds of the groups, to write only what changed. */
  private final Map<String, EngineSnapshot.GroupState> writtenGroups = new HashMap<>();
  private long writtenSequence;
  private long nextOrdinal;

  /** Messages to send: a message and the keys of the channels it goes to. */
  public record Outgoing(Notification notification, List<String> channels) {}

  /**
   * What one decision changed: the anomalies the engine took, the groups as they are now (all of them;
   * the store writes the difference), the message sequence, the next offsets read, and the new messages.
   */
  public record Decision(Collection<Anomaly> anomalies, List<EngineSnapshot.GroupState> groups, long sequence,
      Map<TopicPartition, Long> positions, List<Outgoing> outbox, List<Acknowledgement> acknowledgements) {

    public Decision(Collection<Anomaly> anomalies, List<EngineSnapshot.GroupState> groups, long sequence,
        Map<TopicPartition, Long> positions, List<Outgoing> outbox) {
      this(anomalies, groups, sequence, positions, outbox, List.of());
    }
  }

  /**
   * Who acknowledged what, and when: the link's target ({@code group} or {@code anomaly} and its key or id),
   * the receiver the signed link was sent to, the name given on the page ({@code by}, unverified, may be
   * null) and the groups it acknowledged.
   */
  public record Acknowledgement(long atMs, String kind, String target, String receiver, String by,
      List<String> groups) {}

  /** The state found on start. */
  public record Loaded(EngineSnapshot snapshot, Map<TopicPartition, Long> positions) {}

  /** One message on one channel, waiting to be sent (or retried). */
  public record OutboxRow(long id, String channel, int attempts, long createdAt, long nextAttemptAt,
      Notification notification) {}

  /** Open rows (PENDING or FAILED) and the creation time of the oldest, -1 if none. */
  public record OutboxStats(long pending, long oldestCreatedAt) {}

  private NotifierStore(Path file, Connection db, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.db = db;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** The default file: {@code <home>/.local/notify/<database>.db}. */
  public static Path defaultFile(Path home, String database) {
    return home.resolve(".local").resolve("notify").resolve(database + ".db");
  }

  /** Opens (creating if need be) the store in {@code file}; fails if another notifier holds it. */
  public static NotifierStore open(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(abs.getParent());
      channel = FileChannel.open(abs.resolveSibling(abs.getFileName() + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException("another notifier is using the state file " + abs
            + " (one notifier per file; set state.path in the notification settings for a second one)");
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.setBusyTimeout(10_000);
      config.enforceForeignKeys(true);
      Connection db = config.createConnection("jdbc:sqlite:" + abs);
      db.setAutoCommit(false);
      NotifierStore store = new NotifierStore(abs, db, channel, lock);
      store.migrate();
      return store;
    } catch (IOException | SQLException e) {
      closeQuietly(channel);
      throw new IllegalStateException("cannot open the notifier's state file " + abs + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException ignored) {
      // nothing to do: we are already failing
    }
  }

  public Path file() {
    return file;
  }

  private void migrate() throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version = 0;
      try (ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
        if (rs.next()) {
          version = rs.getInt(1);
        }
      }
      if (version > SCHEMA_VERSION) {
        throw new IllegalStateException("the state file " + file + " has layout " + version
            + ", written by a newer notifier; this one knows up to " + SCHEMA_VERSION);
      }
      if (version < 1) {
        st.execute("CREATE TABLE engine (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
        st.execute("CREATE TABLE anomalies (anomaly_id TEXT PRIMARY KEY, version INTEGER NOT NULL,"
            + " avro BLOB NOT NULL)");
        st.execute("CREATE TABLE groups (group_key TEXT PRIMARY KEY, ordinal INTEGER NOT NULL, state TEXT NOT NULL)");
        st.execute("CREATE TABLE kafka_positions (topic TEXT NOT NULL, partition INTEGER NOT NULL,"
            + " next_offset INTEGER NOT NULL, PRIMARY KEY (topic, partition))");
        st.execute("CREATE TABLE messages (notification_id TEXT PRIMARY KEY, body TEXT NOT NULL,"
            + " created_at INTEGER NOT NULL)");
        st.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " notification_id TEXT NOT NULL REFERENCES messages (notification_id), channel TEXT NOT NULL,"
            + " status TEXT NOT NULL, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL,"
            + " next_attempt_at INTEGER NOT NULL, last_error TEXT, done_at INTEGER)");
        st.execute("CREATE INDEX outbox_open ON outbox (channel, next_attempt_at, id) WHERE " + OPEN);
        st.execute("CREATE TABLE tickets (channel TEXT NOT NULL, anomaly_id TEXT NOT NULL, ticket_id TEXT NOT NULL,"
            + " opened_at INTEGER NOT NULL, PRIMARY KEY (channel, anomaly_id))");
        st.execute("INSERT INTO schema_version (version) VALUES (1)");
      }
      if (version < 2) {
        st.execute("CREATE TABLE acknowledgements (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
            + " kind TEXT NOT NULL, target TEXT NOT NULL, receiver TEXT NOT NULL, by_name TEXT,"
            + " groups TEXT NOT NULL)");
        st.execute("INSERT INTO schema_version (version) VALUES (2)");
      }
      // later layouts: if (version < 3) { ALTER ...; INSERT INTO schema_version VALUES (3) }
      db.commit();
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    }
  }

  /** The stored engine state and Kafka positions (an empty state on a new file). */
  public synchronized Loaded load() {
    try {
      long sequence = 0;
      int format = EngineSnapshot.SERIAL_VERSION;
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT name, value FROM engine")) {
        while (rs.next()) {
          switch (rs.getString(1)) {
            case "sequence" -> sequence = Long.parseLong(rs.getString(2));
            case "serialVersion" -> format = Integer.parseInt(rs.getString(2));
            default -> { }
          }
        }
      }
      Map<String, Anomaly> latest = new HashMap<>();
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT avro FROM anomalies")) {
        while (rs.next()) {
          Anomaly a = StateCodec.anomaly(rs.getBytes(1));
          latest.put(a.getAnomalyId(), a);
        }
      }
      List<EngineSnapshot.GroupState> groups = new ArrayList<>();
      writtenGroups.clear();
      nextOrdinal = 0;
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT state, ordinal FROM groups ORDER BY ordinal")) {
        while (rs.next()) {
          EngineSnapshot.GroupState g = StateCodec.group(rs.getString(1));
          groups.add(g);
          writtenGroups.put(g.key(), g);
          nextOrdinal = rs.getLong(2) + 1;
        }
      }
      Map<TopicPartition, Long> positions = new HashMap<>();
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT topic, partition, next_offset FROM kafka_positions")) {
        while (rs.next()) {
          positions.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        }
      }
      db.commit();
      writtenSequence = sequence;
      return new Loaded(new EngineSnapshot(format, sequence, latest, groups), positions);
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * Writes one decision in one transaction; returns false (and touches nothing) if it changed nothing.
   * {@code now} is the creation time of the new outbox rows, which are due at once.
   */
  public synchronized boolean commit(Decision d, long now) {
    Map<String, EngineSnapshot.GroupState> current = new LinkedHashMap<>();
    d.groups().forEach(g -> current.put(g.key(), g));
    List<EngineSnapshot.GroupState> inserted = new ArrayList<>();
    List<EngineSnapshot.GroupState> updated = new ArrayList<>();
    for (EngineSnapshot.GroupState g : d.groups()) {
      EngineSnapshot.GroupState before = writtenGroups.get(g.key());
      if (before == null || before.createdAt() != g.createdAt()) {
        inserted.add(g); // new, or gone and back: it moves to the end of the engine's order
      } else if (!before.equals(g)) {
        updated.add(g);
      }
    }
    Set<String> deleted = new HashSet<>(writtenGroups.keySet());
    deleted.removeAll(current.keySet());
    inserted.stream().map(EngineSnapshot.GroupState::key).filter(writtenGroups::containsKey).forEach(deleted::add);
    if (d.anomalies().isEmpty() && inserted.isEmpty() && updated.isEmpty() && deleted.isEmpty()
        && d.sequence() == writtenSequence && d.positions().isEmpty() && d.outbox().isEmpty()
        && d.acknowledgements().isEmpty()) {
      return false;
    }
    long ordinal = nextOrdinal;
    try {
      try (PreparedStatement ps = db.prepareStatement(
          "INSERT OR REPLACE INTO anomalies (anomaly_id, version, avro) VALUES (?, ?, ?)")) {
        for (Anomaly a : d.anomalies()) {
          ps.setString(1, a.getAnomalyId());
          ps.setLong(2, a.getVersion());
          ps.setBytes(3, StateCodec.anomaly(a));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = db.prepareStatement("DELETE FROM groups WHERE group_key = ?")) {
        for (String key : deleted) {
          ps.setString(1, key);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = db.prepareStatement(
          "INSERT INTO groups (group_key, ordinal, state) VALUES (?, ?, ?)")) {
        for (EngineSnapshot.GroupState g : inserted) {
          ps.setString(1, g.key());
          ps.setLong(2, ordinal++);
          ps.setString(3, StateCodec.group(g));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = db.prepareStatement("UPDATE groups SET state = ? WHERE group_key = ?")) {
        for (EngineSnapshot.GroupState g : updated) {
          ps.setString(1, StateCodec.group(g));
          ps.setString(2, g.key());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO engine (name, value) VALUES (?, ?)")) {
        ps.setString(1, "sequence");
        ps.setString(2, Long.toString(d.sequence()));
        ps.addBatch();
        ps.setString(1, "serialVersion");
        ps.setString(2, Integer.toString(EngineSnapshot.SERIAL_VERSION));
        ps.addBatch();
        ps.executeBatch();
      }
      try (PreparedStatement ps = db.prepareStatement(
          "INSERT OR REPLACE INTO kafka_positions (topic, partition, next_offset) VALUES (?, ?, ?)")) {
        for (Map.Entry<TopicPartition, Long> e : d.positions().entrySet()) {
          ps.setString(1, e.getKey().topic());
          ps.setInt(2, e.getKey().partition());
          ps.setLong(3, e.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement message = db.prepareStatement(
          "INSERT INTO messages (notification_id, body, created_at) VALUES (?, ?, ?)");
          PreparedStatement row = db.prepareStatement("INSERT INTO outbox (notification_id, channel, status, attempts,"
              + " created_at, next_attempt_at) VALUES (?, ?, 'PENDING', 0, ?, ?)")) {
        for (Outgoing o : d.outbox()) {
          message.setString(1, o.notification().id());
          message.setString(2, StateCodec.notification(o.notification()));
          message.setLong(3, now);
          message.executeUpdate();
          for (String channel : o.channels()) {
            row.setString(1, o.notification().id());
            row.setString(2, channel);
            row.setLong(3, now);
            row.setLong(4, now);
            row.addBatch();
          }
        }
        row.executeBatch();
      }
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO acknowledgements (at, kind, target, receiver,"
          + " by_name, groups) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Acknowledgement a : d.acknowledgements()) {
          ps.setLong(1, a.atMs());
          ps.setString(2, a.kind());
          ps.setString(3, a.target());
          ps.setString(4, a.receiver());
          ps.setString(5, a.by());
          ps.setString(6, String.join("\n", a.groups()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      db.commit();
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw failure("write a decision to", e);
    }
    nextOrdinal = ordinal;
    deleted.forEach(writtenGroups::remove);
    inserted.forEach(g -> writtenGroups.put(g.key(), g));
    updated.forEach(g -> writtenGroups.put(g.key(), g));
    writtenSequence = d.sequence();
    return true;
  }

  /** The open row of this channel that is due first (it may be due later than now), or null. */
  public synchronized OutboxRow nextFor(String channel) {
    try (PreparedStatement ps = db.prepareStatement("SELECT o.id, o.attempts, o.created_at, o.next_attempt_at, m.body"
        + " FROM outbox o JOIN messages m ON m.notification_id = o.notification_id"
        + " WHERE o.channel = ? AND o." + OPEN + " ORDER BY o.next_attempt_at, o.id LIMIT 1")) {
      ps.setString(1, channel);
      try (ResultSet rs = ps.executeQuery()) {
        OutboxRow row = rs.next() ? new OutboxRow(rs.getLong(1), channel, rs.getInt(2), rs.getLong(3), rs.getLong(4),
            StateCodec.notification(rs.getString(5))) : null;
        db.commit();
        return row;
      }
    } catch (SQLException e) {
      rollback();
      throw failure("read the outbox of", e);
    }
  }

  /** The row went through on this attempt. */
  public synchronized void sent(long id, int attempt, long atMs) {
    update("UPDATE outbox SET status = 'SENT', attempts = ?, done_at = ?, last_error = NULL WHERE id = ?",
        attempt, atMs, id);
  }

  /**
   * The row failed on this attempt: due again at {@code nextAttemptAt}, or given up (kept, never due again).
   */
  public synchronized void failed(long id, int attempt, boolean gaveUp, long nextAttemptAt, long atMs, String error) {
    try (PreparedStatement ps = db.prepareStatement("UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?,"
        + " last_error = ?, done_at = ? WHERE id = ?")) {
      ps.setString(1, gaveUp ? GAVE_UP : FAILED);
      ps.setInt(2, attempt);
      ps.setLong(3, nextAttemptAt);
      ps.setString(4, error == null ? "" : error);
      if (gaveUp) {
        ps.setLong(5, atMs);
      } else {
        ps.setNull(5, java.sql.Types.INTEGER);
      }
      ps.setLong(6, id);
      ps.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw failure("record a delivery in", e);
    }
  }

  /** A row as stored (tests): status, attempts, next attempt, last error, when it was done. */
  synchronized Map<String, Object> row(long id) {
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT status, attempts, next_attempt_at, last_error, done_at FROM outbox WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (rs.next()) {
          out.put("status", rs.getString(1));
          out.put("attempts", rs.getInt(2));
          out.put("nextAttemptAt", rs.getLong(3));
          out.put("lastError", rs.getString(4));
          long done = rs.getLong(5);
          out.put("doneAt", rs.wasNull() ? null : done);
        }
        db.commit();
        return out;
      }
    } catch (SQLException e) {
      rollback();
      throw failure("read", e);
    }
  }

  /** Every acknowledgement recorded, oldest first. */
  public synchronized List<Acknowledgement> acknowledgements() {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT at, kind, target, receiver, by_name, groups FROM acknowledgements ORDER BY id")) {
      List<Acknowledgement> out = new ArrayList<>();
      while (rs.next()) {
        String groups = rs.getString(6);
        out.add(new Acknowledgement(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            groups.isEmpty() ? List.of() : List.of(groups.split("\n"))));
      }
      db.commit();
      return out;
    } catch (SQLException e) {
      rollback();
      throw failure("read the acknowledgements of", e);
    }
  }

  public synchronized OutboxStats outboxStats() {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), min(created_at) FROM outbox WHERE " + OPEN)) {
      rs.next();
      long pending = rs.getLong(1);
      long oldest = rs.getLong(2);
      oldest = rs.wasNull() ? -1 : oldest;
      db.commit();
      return new OutboxStats(pending, oldest);
    } catch (SQLException e) {
      rollback();
      throw failure("read the outbox of", e);
    }
  }

  /**
   * Gives up the open rows of channels that are no longer configured (the settings changed while
   * messages waited); returns how many.
   */
  public synchronized int abandonUnknownChannels(Set<String> channels, long now) {
    try {
      List<String> unknown = new ArrayList<>();
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT DISTINCT channel FROM outbox WHERE " + OPEN)) {
        while (rs.next()) {
          if (!channels.contains(rs.getString(1))) {
            unknown.add(rs.getString(1));
          }
        }
      }
      int n = 0;
      try (PreparedStatement ps = db.prepareStatement("UPDATE outbox SET status = 'GAVE_UP', done_at = ?,"
          + " last_error = 'channel no longer configured' WHERE channel = ? AND " + OPEN)) {
        for (String channel : unknown) {
          ps.setLong(1, now);
          ps.setString(2, channel);
          n += ps.executeUpdate();
        }
      }
      db.commit();
      return n;
    } catch (SQLException e) {
      rollback();
      throw failure("update the outbox of", e);
    }
  }

  /** Deletes finished rows (SENT, GAVE_UP) done before {@code beforeMs} and their messages; returns rows deleted. */
  public synchronized int prune(long beforeMs) {
    try (PreparedStatement ps = db.prepareStatement(
        "DELETE FROM outbox WHERE status IN ('SENT', 'GAVE_UP') AND done_at < ?");
        Statement st = db.createStatement()) {
      ps.setLong(1, beforeMs);
      int n = ps.executeUpdate();
      st.executeUpdate("DELETE FROM messages WHERE notification_id NOT IN (SELECT notification_id FROM outbox)");
      db.commit();
      return n;
    } catch (SQLException e) {
      rollback();
      throw failure("prune", e);
    }
  }

  /** The ticket opened for this anomaly over this work-order channel, or null. */
  public synchronized String ticket(String channel, String anomalyId) {
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT ticket_id FROM tickets WHERE channel = ? AND anomaly_id = ?")) {
      ps.setString(1, channel);
      ps.setString(2, anomalyId);
      try (ResultSet rs = ps.executeQuery()) {
        String out = rs.next() ? rs.getString(1) : null;
        db.commit();
        return out;
      }
    } catch (SQLException e) {
      rollback();
      throw failure("read the tickets of", e);
    }
  }

  public synchronized void ticketOpened(String channel, String anomalyId, String ticketId, long atMs) {
    try (PreparedStatement ps = db.prepareStatement(
        "INSERT OR REPLACE INTO tickets (channel, anomaly_id, ticket_id, opened_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, anomalyId);
      ps.setString(3, ticketId);
      ps.setLong(4, atMs);
      ps.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw failure("record a ticket in", e);
    }
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw failure("update", e);
    }
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; the failure that brought us here is what matters
    }
  }

  private Failure failure(String what, Exception e) {
    return new Failure("cannot " + what + " the notifier's state file " + file + ": " + e.getMessage(), e);
  }

  /** The store cannot be read or written: the notifier stops rather than go on with a memory it cannot keep. */
  public static final class Failure extends IllegalStateException {
    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing after a failure: nothing more to save
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
  }
}
