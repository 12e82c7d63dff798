package io.wattward.cli;

import io.wattward.notify.NotifierMain;
import io.wattward.notify.NotifyConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
    return NotifierMain.serve(cli.config(), notify, System.getenv());
  }
}
