package io.wattward.reports;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * When reports run: a Unix cron expression (five fields, e.g. {@code 0 7 1 * *}, the 1st of each
 * month at 07:00) read in the hospital's time zone. A run reports on the month before the one it
 * runs in. {@link #nextRun} and {@link #reportMonth} are pure; {@link #runForever} sleeps between
 * runs on the given clock.
 */
public final class ReportScheduler {

  /** What a scheduled run does, for the month it is given. */
  @FunctionalInterface
  public interface Job {
    void run(YearMonth month) throws Exception;
  }

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String cron;
  private final ExecutionTime executionTime;
  private final ZoneId zone;

  public ReportScheduler(String cron, ZoneId zone) {
    try {
      this.executionTime = ExecutionTime.forCron(PARSER.parse(cron).validate());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad cron expression '" + cron + "' (five fields: minute hour day-of-month"
          + " month day-of-week): " + e.getMessage(), e);
    }
    this.cron = cron;
    this.zone = zone;
  }

  /** The first run strictly after {@code after}, in the scheduler's zone. */
  public ZonedDateTime nextRun(ZonedDateTime after) {
    Optional<ZonedDateTime> next = executionTime.nextExecution(after.withZoneSameInstant(zone));
    return next.orElseThrow(() -> new IllegalStateException("cron '" + cron + "' never runs again"));
  }

  /** The month a run at {@code runAt} reports on: the local month before. */
  public YearMonth reportMonth(ZonedDateTime runAt) {
    return YearMonth.from(runAt.withZoneSameInstant(zone)).minusMonths(1);
  }

  /** Runs the job at every scheduled time until the thread is interrupted; a failed run is logged, not fatal. */
  public void runForever(Clock clock, Job job, Consumer<String> log) throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      ZonedDateTime now = ZonedDateTime.now(clock);
      ZonedDateTime next = nextRun(now);
      log.accept("next report run at " + next + " for " + reportMonth(next));
      Duration wait = Duration.between(now, next);
      Thread.sleep(Math.max(0, wait.toMillis()));
      try {
        job.run(reportMonth(next));
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        log.accept("report run for " + reportMonth(next) + " failed: " + e);
      }
    }
  }
}
