package io.wattward.connectors.clickhouse;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;

/**
 * Where ClickHouse is and how to talk to it. The only class that knows which JDBC driver we use:
 * {@code ru.yandex.clickhouse:clickhouse-jdbc:0.3.2} over HTTP, because the current official driver
 * fails against ClickHouse 18.16 (see PLATFORM.md). HTTP compression stays off: Debian's 18.16 build
 * answers {@code compress=1} with empty bodies.
 *
 * @param serverUrl {@code jdbc:clickhouse://host:port} without database
 */
public record ClickHouseEndpoint(String serverUrl, String database, String user, String password)
    implements Serializable {

  public static final String DRIVER_CLASS = "ru.yandex.clickhouse.ClickHouseDriver";

  public ClickHouseEndpoint {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(database, "database");
    if (!serverUrl.startsWith("jdbc:clickhouse://")) {
      throw new IllegalArgumentException(
          "ClickHouse URL must look like jdbc:clickhouse://host:port, got " + serverUrl);
    }
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("ClickHouse database name is not an identifier: " + database);
    }
    user = user == null || user.isBlank() ? "default" : user;
    password = password == null ? "" : password;
    serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
  }

  public ClickHouseEndpoint withDatabase(String otherDatabase) {
    return new ClickHouseEndpoint(serverUrl, otherDatabase, user, password);
  }

  /** JDBC URL of this endpoint's database. */
  public String databaseUrl() {
    return serverUrl + "/" + database + "?compress=false&socket_timeout=120000";
  }

  /** A connection to this endpoint's database; the caller closes it. */
  public Connection open() throws SQLException {
    return connect(databaseUrl());
  }

  /** A connection to the server's default database, for creating or dropping databases. */
  public Connection openServer() throws SQLException {
    return connect(serverUrl + "/default?compress=false&socket_timeout=120000");
  }

  private Connection connect(String url) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    // Named explicitly: DriverManager may otherwise pick another driver on the classpath.
    Connection connection = driver().connect(url, props);
    if (connection == null) {
      throw new SQLException("ClickHouse driver did not accept URL " + url);
    }
    return connection;
  }

  private static Driver driver() throws SQLException {
    try {
      return (Driver) Class.forName(DRIVER_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new SQLException("ClickHouse JDBC driver " + DRIVER_CLASS + " is not on the classpath", e);
    }
  }

  /** Connection options for Flink's JDBC sink. */
  public JdbcConnectionOptions sinkConnectionOptions() {
    return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
        .withUrl(databaseUrl())
        .withDriverName(DRIVER_CLASS)
        .withUsername(user)
        .withPassword(password)
        .withConnectionCheckTimeoutSeconds(30)
        .build();
  }

  @Override
  public String toString() {
    return serverUrl + "/" + database + " (user " + user + ")";
  }
}
