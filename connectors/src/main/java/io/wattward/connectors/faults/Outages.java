package io.wattward.connectors.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator reads while a server is away: one line when an outage of a resource begins, one
 * per retry round for the first five rounds and then one a minute (not per sink: ten sinks waiting for
 * the same ClickHouse make one condition), and one line when it is over, with how long it lasted. Lines go to the {@code wattward.console}
 * logger, which the command line shows; the errors' details go to the log file.
 */
public final class Outages {

  /** The logger whose lines the command line prints as they are. */
  public static final Logger CONSOLE = LoggerFactory.getLogger("wattward.console");
  private static final Logger LOG = LoggerFactory.getLogger(Outages.class);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final Map<String, Outage> ACTIVE = new ConcurrentHashMap<>();

  private Outages() {}

  private static final class Outage {
    final Instant since;
    int lastAttemptShown;
    Instant lastShown = Instant.MIN;
    Instant lastFailure;

    Outage(Instant since) {
      this.since = since;
      // a failure began it: a success that another thread reports before this failure is recorded must not end
      // it (that printed "is back" before "unreachable", and the outage's end was never told)
      this.lastFailure = since;
    }
  }

  /**
   * A call to {@code resource} failed with a transient error and will be tried again after {@code next}.
   *
   * @param attempt the caller's attempt number (1 for the first failure)
   */
  public static void failing(String resource, String what, int attempt, Duration next, Throwable error) {
    Instant now = Instant.now();
    Outage outage = ACTIVE.computeIfAbsent(resource, r -> new Outage(now));
    LOG.warn("{} failed ({}), attempt {}, next in {} s", resource, what, attempt, next.toSeconds(), error);
    synchronized (outage) {
      outage.lastFailure = now;
      // the first rounds each, then one line a minute: a long outage does not flood the console
      if (attempt <= outage.lastAttemptShown
          || attempt > 5 && Duration.between(outage.lastShown, now).compareTo(Duration.ofMinutes(1)) < 0) {
        return;
      }
      outage.lastAttemptShown = attempt;
      outage.lastShown = now;
    }
    CONSOLE.warn("{} {} since {}, retrying, attempt {}, next in {} s ({})", resource, what,
        CLOCK.format(outage.since), attempt, Math.max(1, Math.round(next.toMillis() / 1000.0)), summary(error));
  }

  /**
   * {@code resource} cannot be reached and the job waits for it by itself (nothing is retried by the
   * caller): one line when the outage begins, then one at most every 30 s.
   */
  public static void waiting(String resource, Throwable error) {
    Instant now = Instant.now();
    Outage outage = ACTIVE.computeIfAbsent(resource, r -> new Outage(now));
    LOG.warn("{} unreachable", resource, error);
    synchronized (outage) {
      long seconds = Duration.between(outage.since, now).toSeconds();
      int round = (int) (seconds / 30) + 1;
      if (round <= outage.lastAttemptShown) {
        return;
      }
      outage.lastAttemptShown = round;
      CONSOLE.warn("{} unreachable since {} ({} s); the job waits for it and carries on when it is back ({})", resource,
          CLOCK.format(outage.since), seconds, summary(error));
    }
  }

  /**
   * A call to {@code resource} succeeded: ends its outage, if there was one and no call has failed in the
   * last two seconds (a server shutting down answers some calls and refuses others: that is one outage).
   */
  public static void recovered(String resource) {
    Outage current = ACTIVE.get(resource);
    if (current == null) {
      return;
    }
    synchronized (current) {
      if (current.lastFailure != null && Duration.between(current.lastFailure, Instant.now()).toMillis() < 2_000) {
        return;
      }
    }
    Outage outage = ACTIVE.remove(resource);
    if (outage != null) {
      Duration lasted = Duration.between(outage.since, Instant.now());
      CONSOLE.info("{} is back after {} s (since {}); carrying on", resource, lasted.toSeconds(),
          CLOCK.format(outage.since));
    }
  }

  /** Whether an outage of {@code resource} is going on (tests). */
  public static boolean active(String resource) {
    return ACTIVE.containsKey(resource);
  }

  /** The innermost message of an error chain, on one line. */
  public static String summary(Throwable error) {
    Throwable t = error;
    String message = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    if (message == null) {
      message = error == null ? "unknown error" : error.getClass().getSimpleName();
    }
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 160 ? message.substring(0, 157) + "..." : message;
  }
}
