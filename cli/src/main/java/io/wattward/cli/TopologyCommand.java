package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.schema.MeterRegistration;
import io.wattward.topology.RegistrationConflicts;
import io.wattward.topology.TopologyCsv;
import io.wattward.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "topology", mixinStandardHelpOptions = true, description = "The meter registry.",
    subcommands = TopologyCommand.Load.class)
final class TopologyCommand {

  @ParentCommand WattwardCli cli;

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Load a topology CSV into ClickHouse meter_registry and publish it to the compacted topology topic.")
  static final class Load implements Callable<Integer> {
    @ParentCommand TopologyCommand parent;

    @Option(names = "--csv", required = true, description = "Topology CSV (one meter registration a row; see README).")
    Path csv;

    @Option(names = "--nodes", description = "Node attributes CSV (node_level,node_id,name,beds,area_m2,people) for node_info.")
    Path nodes;

    @Option(names = "--sensors", description = "Environment sensor registry CSV "
        + "(sensor_id,hospital,campus,building,floor,department,room,room_type) for sensor_registry.")
    Path sensors;

    @Override
    public Integer call() throws Exception {
      WattwardConfig config = parent.cli.config();
      // every file is read and checked before anything is written: a bad file loads nothing
      List<MeterRegistration> registrations = TopologyCsv.read(csv);
      var info = nodes == null ? null : io.wattward.topology.NodeInfo.read(nodes);
      var registry = sensors == null ? null : io.wattward.topology.SensorInfo.read(sensors);
      KafkaTopics.ensure(config.kafka().bootstrap(),
          List.of(new KafkaTopics.Spec(config.kafka().topics().topology(), 1, true)));
      List<String> conflicts = RegistrationConflicts.find(csv.toString(), registrations,
          TopologyLoader.readAll(config.kafka().bootstrap(), config.kafka().topics().topology()));
      if (!conflicts.isEmpty()) {
        conflicts.forEach(c -> System.err.println("wattward: " + c));
        System.err.println("nothing loaded");
        return 1;
      }
      load(config, registrations);
      if (info != null) {
        io.wattward.topology.NodeInfo.load(config.clickhouse().endpoint(), info);
        System.out.printf("loaded %,d node attributes into %s.node_info%n", info.size(), config.clickhouse().database());
      }
      if (registry != null) {
        io.wattward.topology.SensorInfo.load(config.clickhouse().endpoint(), registry);
        System.out.printf("loaded %,d environment sensor sets into %s.sensor_registry%n", registry.size(),
            config.clickhouse().database());
      }
      System.out.printf("loaded %,d meter registrations into %s.meter_registry and topic %s%n",
          registrations.size(), config.clickhouse().database(), config.kafka().topics().topology());
      return 0;
    }

    static void load(WattwardConfig config, List<MeterRegistration> registrations) throws Exception {
      KafkaTopics.ensure(config.kafka().bootstrap(),
          List.of(new KafkaTopics.Spec(config.kafka().topics().topology(), 1, true)));
      TopologyLoader.publish(config.kafka().bootstrap(), config.kafka().topics().topology(), registrations);
      TopologyLoader.load(config.clickhouse().endpoint(), registrations);
    }
  }
}
