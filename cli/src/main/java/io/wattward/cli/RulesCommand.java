package io.wattward.cli;

import io.wattward.anomaly.rules.RuleEngine;
import io.wattward.anomaly.rules.RuleSet;
import io.wattward.anomaly.rules.RuleSetSignature;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.OrderedProducer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "User rules (EPL) for the anomaly job: check them in the job's sandbox; sign and publish them.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Publish.class})
final class RulesCommand {

  @ParentCommand WattwardCli cli;

  @Command(name = "check", mixinStandardHelpOptions = true, description = {
      "Check a rules file (YAML, see the README's 'User rules') as the anomaly job would: every rule must",
      "compile in the rules sandbox. Nothing is published; exit status 1 names the first bad rule."})
  static final class Check implements Callable<Integer> {
    @Option(names = "--file", required = true, description = "Rules YAML.")
    Path file;

    @Override
    public Integer call() throws Exception {
      RuleSet set = RuleEngine.validate(Files.readString(file));
      System.out.printf("%d rules in %s compile in the rules sandbox%n", set.rules().size(), file);
      return 0;
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true, description = {
      "Check a rules file, sign it with HMAC-SHA256 keyed with " + RuleSetSignature.SECRET_ENV + " (from the",
      "environment, the same secret as the anomaly job's) and publish it to the anomaly-rules topic, where it",
      "replaces the running rules. A set the job cannot verify is dead-lettered as RULES_REJECTED."})
  static final class Publish implements Callable<Integer> {
    @ParentCommand RulesCommand parent;

    @Option(names = "--file", required = true, description = "Rules YAML.")
    Path file;

    @Override
    public Integer call() throws Exception {
      RuleSetSignature signature = RuleSetSignature.fromEnvironment(System.getenv());
      if (!signature.hasSecret()) {
        throw new IllegalStateException(RuleSetSignature.SECRET_ENV + " is not set: a rule set is signed with it "
            + "(the anomaly job needs the same secret)");
      }
      String text = Files.readString(file);
      RuleSet set = RuleEngine.validate(text);
      WattwardConfig config = parent.cli.config();
      String topic = config.kafka().topics().anomalyRules();
      KafkaTopics.ensure(config.kafka().bootstrap(), List.of(new KafkaTopics.Spec(topic, 1, true)));
      try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(config.kafka().bootstrap())) {
        producer.send(new ProducerRecord<>(topic, "rules".getBytes(StandardCharsets.UTF_8),
            signature.sign(text).getBytes(StandardCharsets.UTF_8))).get();
      }
      System.out.printf("published %d signed rules from %s to topic %s%n", set.rules().size(), file, topic);
      return 0;
    }
  }
}
