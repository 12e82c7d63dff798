package io.wattward.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A current ClickHouse engine for the tests: npm's chdb (ClickHouse 26.7 as a library, no server mode),
 * driven through {@code scripts/chdb/run.mjs --serve} in a Node process. No ClickHouse server newer than
 * 18.16 can be installed here, so the SQL files are run on this engine as well and their answers
 * compared. One session (databases in a temporary folder) for the life of the object; statements run
 * one at a time, in order; {@code USE db} holds for the statements after it. Time zone UTC, as the
 * servers'.
 */
public final class ChdbEngine implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process node;
  private final BufferedWriter requests;
  private final BufferedReader answers;

  private ChdbEngine(Process node) {
    this.node = node;
    this.requests = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
    this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Installs chdb if it is missing ({@code scripts/infra.sh chdb}, once per machine) and starts a session. */
  public static ChdbEngine start(Path projectRoot) {
    try {
      Process install = new ProcessBuilder("bash", projectRoot.resolve("scripts/infra.sh").toString(), "chdb")
          .inheritIO().start();
      if (install.waitFor() != 0) {
        throw new IllegalStateException("scripts/infra.sh chdb failed; see the output above");
      }
      ProcessBuilder pb = new ProcessBuilder("node", projectRoot.resolve("scripts/chdb/run.mjs").toString(), "--serve")
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("TZ", "UTC");
      return new ChdbEngine(pb.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start chdb (node scripts/chdb/run.mjs --serve)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a statement that returns nothing of interest (DDL, INSERT, USE). */
  public void execute(String sql) throws SQLException {
    request(sql);
  }

  /** Runs a query; its answer as the engine prints it. */
  public QueryAnswer query(String sql) throws SQLException {
    return QueryAnswer.parseTabSeparated(request(sql));
  }

  /** The engine's version, e.g. 26.7.2.1. */
  public String version() throws SQLException {
    return query("SELECT version()").rows().get(0).get(0);
  }

  private String request(String sql) throws SQLException {
    try {
      requests.write(JSON.writeValueAsString(Map.of("sql", sql, "format", "TabSeparatedWithNamesAndTypes")));
      requests.newLine();
      requests.flush();
      String line = answers.readLine();
      if (line == null) {
        throw new SQLException("chdb ended (Node exit code " + node.waitFor() + ") before answering:\n" + sql);
      }
      JsonNode answer = JSON.readTree(line);
      if (!answer.path("ok").asBoolean()) {
        throw new SQLException(answer.path("error").asText());
      }
      return answer.path("result").asText();
    } catch (IOException e) {
      throw new SQLException("cannot talk to chdb: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException(e);
    }
  }

  /** Ends the session: Node removes its temporary folder when its input ends. */
  @Override
  public void close() {
    try {
      requests.close();
      if (!node.waitFor(20, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    } catch (IOException e) {
      node.destroyForcibly();
    } catch (InterruptedException e) {
      node.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
