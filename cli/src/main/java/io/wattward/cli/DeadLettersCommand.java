package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
    description = "Show what is on the dead-letter topic: counts per reason and the latest records.")
final class DeadLettersCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--show", defaultValue = "10", description = "How many of the latest records to print (default: ${DEFAULT-VALUE}).")
  int show;

  @Override
  public Integer call() {
    WattwardConfig config = cli.config();
    Map<String, Long> counts = new TreeMap<>();
    java.util.ArrayDeque<String> latest = new java.util.ArrayDeque<>();
    io.wattward.connectors.kafka.TopicReader.readToEnd(config.kafka().bootstrap(), config.kafka().topics().deadLetters(), r -> {
      try {
        DeadLetter d = DeadLetter.getDecoder().decode(ByteBuffer.wrap(r.value()));
        counts.merge(d.getReasonCode(), 1L, Long::sum);
        latest.addLast(String.format("%s  %-22s %s-%d@%d  %s", d.getDeadLetteredAt(), d.getReasonCode(),
            d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset(), d.getReason()));
      } catch (Exception e) {
        counts.merge("(not a DeadLetter)", 1L, Long::sum);
      }
      if (latest.size() > show) {
        latest.removeFirst();
      }
    });
    TextTable table = new TextTable("reason", "records");
    counts.forEach(table::row);
    table.print(System.out);
    List.copyOf(latest).forEach(System.out::println);
    return 0;
  }
}
