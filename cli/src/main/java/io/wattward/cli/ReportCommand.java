package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.i18n.Language;
import io.wattward.reports.DepartmentReport;
import io.wattward.reports.ReportDelivery;
import io.wattward.reports.ReportFiles;
import io.wattward.reports.ReportScheduler;
import io.wattward.reports.Reporter;
import io.wattward.reports.SmtpSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Monthly department energy reports (HTML, PDF, CSV, XLSX) from ClickHouse.",
    subcommands = {ReportCommand.Run.class, ReportCommand.Schedule.class})
final class ReportCommand {

  @ParentCommand WattwardCli cli;

  /** Where reports go: a folder, an optional copy folder, optional e-mail. */
  static final class Delivery {
    @Option(names = "--out", required = true, description = "Folder the report folders are written into.")
    Path out;

    @Option(names = "--copy-to", description = "Also copy each report folder here (e.g. a shared drive).")
    Path copyTo;

    @Option(names = "--email", split = ",", description = "Send the PDF and XLSX to these addresses.")
    List<String> email = new ArrayList<>();

    @Option(names = "--smtp-host", defaultValue = "127.0.0.1", description = "SMTP server (default ${DEFAULT-VALUE}).")
    String smtpHost;

    @Option(names = "--smtp-port", defaultValue = "25", description = "SMTP port (default ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--smtp-user", description = "SMTP user; the password comes from WATTWARD_SMTP_PASSWORD.")
    String smtpUser;

    @Option(names = "--smtp-starttls", description = "Use STARTTLS.")
    boolean startTls;

    @Option(names = "--from", defaultValue = "wattward-reports@localhost", description = "Sender (default ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--language", description = "zh-CN or en (default: the setting reports.language, zh-CN"
        + " unless WATTWARD_REPORTS_LANGUAGE says otherwise). CSV files are the same in both.")
    String language;

    /** The language asked for on the command line, else the configured one; a bad value names its option. */
    Language language(WattwardConfig config) {
      return language == null ? config.reportLanguage() : Language.of(language, "--language");
    }

    SmtpSettings smtp() {
      return new SmtpSettings(smtpHost, smtpPort, from, smtpUser, System.getenv("WATTWARD_SMTP_PASSWORD"), startTls);
    }

    void report(ClickHouseEndpoint endpoint, Language lang, String department, YearMonth month) throws Exception {
      ReportFiles files = new Reporter(endpoint, Clock.systemUTC(), lang).run(department, month, out);
      System.out.printf("%s %s: %s (%d PDF pages)%n", department, month, files.folder(), files.pdfPages());
      if (copyTo != null) {
        System.out.printf("  copied to %s%n", ReportDelivery.toFolder(files, copyTo));
      }
      if (!email.isEmpty()) {
        ReportDelivery.byEmail(files, smtp(), email);
        System.out.printf("  mailed to %s%n", String.join(", ", email));
      }
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Write the report of a department (or every department in node_info) for one local month.")
  static final class Run implements Callable<Integer> {
    @ParentCommand ReportCommand parent;

    @Option(names = "--department", description = "Department node id, e.g. PPH/MAIN/CARDIOLOGY; repeat for several;"
        + " all departments of node_info when left out.")
    List<String> departments = new ArrayList<>();

    @Option(names = "--month", description = "Local month, e.g. 2026-11 (default: the previous month).")
    YearMonth month;

    @Mixin Delivery delivery;

    @Override
    public Integer call() throws Exception {
      Language lang = delivery.language(parent.cli.config());
      ClickHouseEndpoint endpoint = parent.cli.config().clickhouse().endpoint();
      YearMonth m = month != null ? month : YearMonth.now(DepartmentReport.HOSPITAL_ZONE).minusMonths(1);
      List<String> known = DepartmentReport.departments(endpoint);
      List<String> which = departments.isEmpty() ? known : departments;
      if (which.isEmpty()) {
        System.err.println("no departments: node_info has none and no --department was given");
        return 1;
      }
      // every department is checked before any report is written
      List<String> problems = new ArrayList<>();
      for (String d : which) {
        if (!known.contains(d)) {
          problems.add("unknown department '" + d + "': node_info has " + known.size() + " departments"
              + (known.isEmpty() ? "" : " (" + String.join(", ", known.subList(0, Math.min(5, known.size())))
              + (known.size() > 5 ? ", ..." : "") + ")") + "; load them with `wattward topology load --nodes`");
        } else if (!departments.isEmpty() && DepartmentReport.daysWithData(endpoint, d, m) == 0) {
          problems.add("no consumption of " + d + " in " + m + " (node_energy_1d): nothing to report");
        }
      }
      if (!problems.isEmpty()) {
        problems.forEach(p -> System.err.println("wattward: " + p));
        System.err.println("no report written");
        return 1;
      }
      for (String d : which) {
        delivery.report(endpoint, lang, d, m);
      }
      return 0;
    }
  }

  @Command(name = "schedule", mixinStandardHelpOptions = true, description = {
      "Run reports on a cron schedule (five fields, Asia/Shanghai time) for the month before each run,",
      "per department, until Ctrl-C. Example: --cron \"0 7 1 * *\" (the 1st of each month at 07:00)."})
  static final class Schedule implements Callable<Integer> {
    @ParentCommand ReportCommand parent;

    @Option(names = "--cron", defaultValue = "0 7 1 * *", description = "Cron expression (default ${DEFAULT-VALUE}).")
    String cron;

    @Option(names = "--department", description = "Departments to report on; all of node_info when left out.")
    List<String> departments = new ArrayList<>();

    @Mixin Delivery delivery;

    @Override
    public Integer call() throws Exception {
      Language lang = delivery.language(parent.cli.config());
      ClickHouseEndpoint endpoint = parent.cli.config().clickhouse().endpoint();
      ReportScheduler scheduler = new ReportScheduler(cron, DepartmentReport.HOSPITAL_ZONE);
      if (!delivery.email.isEmpty()) {
        delivery.smtp(); // fail now on bad settings, not at the first run
      }
      Thread worker = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(worker::interrupt));
      try {
        scheduler.runForever(Clock.systemUTC(), month -> {
          List<String> which = departments.isEmpty() ? DepartmentReport.departments(endpoint) : departments;
          for (String d : which) {
            try {
              delivery.report(endpoint, lang, d, month);
            } catch (Exception e) {
              System.err.printf("%s %s failed: %s%n", d, month, e);
            }
          }
        }, System.out::println);
      } catch (InterruptedException e) {
        System.out.println("report scheduler stopped");
      }
      return 0;
    }
  }
}
