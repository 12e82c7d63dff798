package io.wattward.cli;

import io.wattward.cockpit.CockpitServer;
import io.wattward.cockpit.CockpitUsers;
import io.wattward.cockpit.PasswordHash;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.i18n.Language;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", mixinStandardHelpOptions = true, description = {
    "The web cockpit: hospital, building and department pages from ClickHouse (trends, year-over-year bars, "
        + "hourly heat map, rankings, quotas, open anomalies), until Ctrl-C.",
    "Users come from " + CockpitUsers.VARIABLE + " (name:role:hash, role viewer or operator, comma-separated); "
        + "make a hash with --hash-password."})
final class ServeCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--listen", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8088", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--database", description = "ClickHouse database to read (default: clickhouse.database).")
  String database;

  @Option(names = "--language", description = "zh-CN or en (default: the setting reports.language, zh-CN).")
  String language;

  @Option(names = "--as-of", description = "Show the hospital as of this instant, e.g. 2026-11-20T00:00:00Z "
      + "(default: the end of the latest hour with data).")
  Instant asOf;

  @Option(names = "--secure-cookie", description = "Mark the session cookie Secure (when served over HTTPS, e.g. behind a proxy).")
  boolean secureCookie;

  @Option(names = "--hash-password", description = "Read a password (from the terminal, or one line of standard "
      + "input) and print its salted hash for " + CockpitUsers.VARIABLE + ", then exit.")
  boolean hashPassword;

  @Override
  public Integer call() throws Exception {
    if (hashPassword) {
      char[] password = readPassword();
      if (password.length < 8) {
        System.err.println("wattward: a cockpit password needs at least 8 characters");
        return 1;
      }
      System.out.println(PasswordHash.hash(password));
      Arrays.fill(password, '\0');
      return 0;
    }
    WattwardConfig config = cli.config();
    ClickHouseEndpoint endpoint = config.clickhouse().endpoint();
    if (database != null) {
      endpoint = endpoint.withDatabase(database);
    }
    Language lang = language == null ? config.reportLanguage() : Language.of(language, "--language");
    CockpitUsers users = CockpitUsers.parse(System.getenv(CockpitUsers.VARIABLE), System::currentTimeMillis);
    requireActionsTable(endpoint);
    Instant fixed = asOf;
    CockpitServer server = new CockpitServer(new CockpitServer.Settings(host, port, endpoint,
        ZoneId.of(config.rollup().zone()), lang, users, () -> fixed, secureCookie, config.environment().profiles()));
    int bound = server.start();
    System.out.printf("WattWard cockpit on http://%s:%d/ (ClickHouse %s, %d user(s), %s); Ctrl-C stops it.%n",
        host, bound, endpoint, users.size(), lang.tag());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }, "cockpit-stop"));
    stop.await();
    return 0;
  }

  /** The cockpit records acknowledgements in anomaly_actions: a database without it needs `wattward migrate`. */
  private static void requireActionsTable(ClickHouseEndpoint endpoint) throws Exception {
    try (Connection c = endpoint.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("EXISTS TABLE anomaly_actions")) {
      if (!rs.next() || rs.getInt(1) != 1) {
        throw new IllegalStateException("ClickHouse " + endpoint + " has no table anomaly_actions: run "
            + "`./wattward migrate" + (endpoint.database().equals("wattward") ? "" : " --database " + endpoint.database())
            + "` first");
      }
    }
  }

  private static char[] readPassword() throws Exception {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Password: ");
      char[] again = console.readPassword("Again: ");
      if (first == null || !Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return first;
    }
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? new char[0] : line.toCharArray();
  }
}
