package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.kpi.Volumes;
import io.wattward.schema.BusinessVolume;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "volume", mixinStandardHelpOptions = true,
    description = "Business volume (outpatient visits, inpatient bed-days): a forecast driver.",
    subcommands = VolumeCommand.Load.class)
final class VolumeCommand {

  @ParentCommand WattwardCli cli;

  @Command(name = "load", mixinStandardHelpOptions = true, description = {
      "Publish business volume from CSV (node_id,day,outpatient_visits,inpatient_bed_days[,published_at];",
      "node_id a department, building or campus; a metric may be empty) to the business-volume topic. The",
      "forecast job uses each day's figures from when they were published (default: the start of the day",
      "before) and writes them to ClickHouse business_volume."})
  static final class Load implements Callable<Integer> {
    @ParentCommand VolumeCommand parent;

    @Option(names = "--csv", required = true, description = "Volume CSV.")
    Path csv;

    @Override
    public Integer call() throws Exception {
      WattwardConfig config = parent.cli.config();
      List<BusinessVolume> volumes = Volumes.read(csv, ZoneId.of(config.rollup().zone()));
      String topic = config.kafka().topics().businessVolume();
      KafkaTopics.ensure(config.kafka().bootstrap(), List.of(new KafkaTopics.Spec(topic, config.kafka().partitions(), true)));
      Volumes.publish(config.kafka().bootstrap(), topic, volumes);
      System.out.printf("published %,d days of business volume to topic %s%n", volumes.size(), topic);
      return 0;
    }
  }
}
