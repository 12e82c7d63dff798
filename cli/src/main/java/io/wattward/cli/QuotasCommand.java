package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.kpi.Quotas;
import io.wattward.schema.KpiQuota;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "quotas", mixinStandardHelpOptions = true, description = "Departmental energy quotas (KPI).",
    subcommands = QuotasCommand.Load.class)
final class QuotasCommand {

  @ParentCommand WattwardCli cli;

  @Command(name = "load", mixinStandardHelpOptions = true, description = {
      "Load quotas from CSV (department_id,energy_type,period,quota,basis; period 2026-11 or 2026; basis total,",
      "per_bed or per_m2, resolved with node_info) into ClickHouse kpi_quotas and the compacted quotas topic,",
      "which the forecast job's quota tracker follows."})
  static final class Load implements Callable<Integer> {
    @ParentCommand QuotasCommand parent;

    @Option(names = "--csv", required = true, description = "Quota CSV.")
    Path csv;

    @Override
    public Integer call() throws Exception {
      WattwardConfig config = parent.cli.config();
      List<KpiQuota> quotas = Quotas.resolve(config.clickhouse().endpoint(), Quotas.read(csv));
      Quotas.load(config.clickhouse().endpoint(), quotas);
      KafkaTopics.ensure(config.kafka().bootstrap(),
          List.of(new KafkaTopics.Spec(config.kafka().topics().quotas(), 1, true)));
      Quotas.publish(config.kafka().bootstrap(), config.kafka().topics().quotas(), quotas);
      System.out.printf("loaded %,d quotas into %s.kpi_quotas and topic %s%n", quotas.size(),
          config.clickhouse().database(), config.kafka().topics().quotas());
      return 0;
    }
  }
}
