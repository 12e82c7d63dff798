package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.notify.NotifierService;
import io.wattward.notify.NotifyConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "notify", mixinStandardHelpOptions = true,
    description = {"Run the notifier: reads the anomalies topic and tells people, as the routes file says",
        "(receivers, channels, grouping, quiet hours, silences, inhibition, escalation; see README).",
        "The SMTP password, if any, comes from WATTWARD_SMTP_PASSWORD. Stops on Ctrl-C."})
final class NotifyCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--routes", required = true, description = "Notification settings (YAML).")
  Path routes;

  @Option(names = "--check", description = "Only read and check the settings, then exit.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    NotifyConfig notify = NotifyConfig.read(routes);
    System.out.printf("notification settings %s: %d receivers, %d routes%n", routes, notify.receivers().size(),
        notify.routes().size());
    if (check) {
      return 0;
    }
    WattwardConfig config = cli.config();
    CountDownLatch stop = new CountDownLatch(1);
    try (NotifierService service = new NotifierService(config, notify, System.getenv("WATTWARD_SMTP_PASSWORD"),
        System::currentTimeMillis)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      service.start();
      System.out.printf("notifier reading %s; acknowledge at %s%n", config.kafka().topics().anomalies(),
          notify.ack() == null ? "(no endpoint)" : notify.ack().baseUrl() + "/ack?group=...");
      // stop on Ctrl-C, or when the notifier's loop dies (then with its error and a non-zero exit)
      while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
        if (!service.running()) {
          System.err.println("the notifier stopped: " + service.failure());
          return 1;
        }
      }
    }
    return 0;
  }
}
