package io.wattward.connectors.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies the ordered migrations in {@code sql/migrations} ({@code NNN_what.sql}) to one database and
 * records each in {@code schema_migrations} with its checksum, so running it twice changes nothing
 * and an edited, already-applied migration is refused instead of silently diverging.
 */
public final class ClickHouseMigrator {

  /** Classpath folder the sql module packages its migrations into. */
  public static final String CLASSPATH_FOLDER = "wattward/sql/migrations";

  /** The migrator's own table: which migrations a database has, with their checksums. */
  public static final String SCHEMA_MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, "
      + "name String, checksum String, applied_at DateTime('UTC')) ENGINE = MergeTree ORDER BY version";

  private static final Pattern FILE_NAME = Pattern.compile("(\\d{3,})_([A-Za-z0-9_]+)\\.sql");

  public record Migration(int version, String name, String sql) {
    String checksum() {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Statements separated by a semicolon at the end of a line; full-line comments dropped. */
    public List<String> statements() {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : sql.split("\n")) {
        if (line.strip().startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (line.stripTrailing().endsWith(";")) {
          addStatement(out, current);
        }
      }
      addStatement(out, current);
      return out;
    }

    private static void addStatement(List<String> out, StringBuilder sb) {
      String s = sb.toString().strip();
      if (s.endsWith(";")) {
        s = s.substring(0, s.length() - 1).strip();
      }
      if (!s.isEmpty()) {
        out.add(s);
      }
      sb.setLength(0);
    }
  }

  private final ClickHouseEndpoint endpoint;
  private final List<Migration> migrations;

  public ClickHouseMigrator(ClickHouseEndpoint endpoint, List<Migration> migrations) {
    this.endpoint = endpoint;
    this.migrations = migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
  }

  /** Migrations shipped on the classpath by the sql module. */
  public static ClickHouseMigrator fromClasspath(ClickHouseEndpoint endpoint) {
    return new ClickHouseMigrator(endpoint, loadClasspath());
  }

  /** Creates the database if needed and applies what is pending; returns the names applied now. */
  public List<String> migrate(Consumer<String> progress) throws SQLException {
    try (Connection server = endpoint.openServer(); Statement st = server.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS " + endpoint.database());
    }
    List<String> applied = new ArrayList<>();
    try (Connection c = endpoint.open(); Statement st = c.createStatement()) {
      st.execute(SCHEMA_MIGRATIONS_TABLE);
      Map<Integer, String> done = new TreeMap<>();
      try (ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_migrations")) {
        while (rs.next()) {
          done.put(rs.getInt(1), rs.getString(2));
        }
      }
      for (Migration m : migrations) {
        String previous = done.get(m.version());
        if (previous != null) {
          if (!previous.equals(m.checksum())) {
            throw new SQLException("migration " + m.version() + "_" + m.name()
                + " was changed after it was applied to " + endpoint.database()
                + "; add a new migration instead of editing an applied one");
          }
          continue;
        }
        progress.accept("applying " + m.version() + "_" + m.name() + " to " + endpoint.database());
        for (String statement : m.statements()) {
          try {
            st.execute(statement);
          } catch (SQLException e) {
            throw new SQLException("migration " + m.version() + "_" + m.name() + " failed on:\n"
                + statement + "\n" + e.getMessage(), e);
          }
        }
        st.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ("
            + m.version() + ", '" + m.name() + "', '" + m.checksum() + "', now())");
        applied.add(m.version() + "_" + m.name());
      }
    }
    return applied;
  }

  /** The migrations the sql module ships, in no particular order. */
  public static List<Migration> loadClasspath() {
    URL folder = ClickHouseMigrator.class.getClassLoader().getResource(CLASSPATH_FOLDER);
    if (folder == null) {
      throw new IllegalStateException("no migrations on the classpath at " + CLASSPATH_FOLDER);
    }
    try {
      List<Migration> out = new ArrayList<>();
      if ("jar".equals(folder.getProtocol())) {
        String jarPath = folder.getPath().substring("file:".length(), folder.getPath().indexOf('!'));
        try (JarFile jar = new JarFile(Paths.get(new URL("file:" + jarPath).toURI()).toFile())) {
          for (var entry : jar.stream().toList()) {
            String n = entry.getName();
            if (n.startsWith(CLASSPATH_FOLDER + "/") && !entry.isDirectory()) {
              try (InputStream in = jar.getInputStream(entry)) {
                parse(n.substring(n.lastIndexOf('/') + 1), in).ifPresent(out::add);
              }
            }
          }
        }
      } else {
        try (Stream<Path> files = Files.list(Paths.get(folder.toURI()))) {
          for (Path p : files.toList()) {
            try (InputStream in = Files.newInputStream(p)) {
              parse(p.getFileName().toString(), in).ifPresent(out::add);
            }
          }
        }
      }
      return out;
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot read migrations from " + folder, e);
    }
  }

  private static java.util.Optional<Migration> parse(String fileName, InputStream in) throws IOException {
    Matcher m = FILE_NAME.matcher(fileName);
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Migration(Integer.parseInt(m.group(1)), m.group(2),
        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
  }
}
