package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, Long> counts = new TreeMap<>();
    java.util.ArrayDeque<String> latest = new java.util.ArrayDeque<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(config.kafka().topics().deadLetters()).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
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
        }
      }
    }
    TextTable table = new TextTable("reason", "records");
    counts.forEach(table::row);
    table.print(System.out);
    List.copyOf(latest).forEach(System.out::println);
    return 0;
  }
}
