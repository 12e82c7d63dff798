package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.topology.TopologyCsv;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Publish the simulated reference hospital (366 meters, 33 environment sensor sets) to Kafka.",
        "Replays N days as fast as Kafka takes them (or at --speed), or runs in real time (--realtime).",
        "Writes the topology CSV the job validates against, and optionally the exact expected totals."})
final class SimulateCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--start", paramLabel = "DATE|INSTANT",
      description = "First simulated day (yyyy-mm-dd, midnight in --zone) or instant; default: yesterday.")
  String start;

  @Option(names = "--days", defaultValue = "1", description = "Simulated days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--hours", description = "Simulated hours instead of days.")
  Integer hours;

  @Option(names = "--speed", defaultValue = "0",
      description = "Simulated seconds per wall-clock second; 0 = as fast as possible (default).")
  double speed;

  @Option(names = "--realtime", description = "Start now and publish each minute when the clock reaches it.")
  boolean realtime;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--zone", defaultValue = "Asia/Shanghai", description = "Hospital time zone (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(names = "--no-env", description = "Leave out the environment sensors.")
  boolean noEnvironment;

  @Option(names = "--topology-out", description = "Where to write the topology CSV (default: .local/hospital/topology.csv).")
  Path topologyOut;

  @Option(names = "--expected-out", description = "Write the exact consumption per meter and minute (CSV) here.")
  Path expectedOut;

  @Override
  public Integer call() throws Exception {
    Instant from;
    double pace = speed;
    if (realtime) {
      from = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
      pace = 1;
    } else {
      from = parseStart(start, zone);
    }
    Duration length = hours != null ? Duration.ofHours(hours) : Duration.ofDays(days);
    Path topology = topologyOut != null ? topologyOut : cli.local.local("hospital/topology.csv");
    Result r = simulate(cli.config(), seed, zone, from, from.plus(length), pace, !noEnvironment, topology,
        expectedOut != null, System.out::println);
    if (expectedOut != null) {
      r.expected().writeCsv(expectedOut);
      System.out.println("expected totals: " + expectedOut);
    }
    return 0;
  }

  static Instant parseStart(String start, ZoneId zone) {
    if (start == null) {
      return LocalDate.now(zone).minusDays(1).atStartOfDay(zone).toInstant();
    }
    if (start.length() == 10) {
      return LocalDate.parse(start).atStartOfDay(zone).toInstant();
    }
    return Instant.parse(start).truncatedTo(ChronoUnit.MINUTES);
  }

  record Result(ReferenceHospital hospital, ExpectedTotals expected, long meterReadings, long envReadings,
      Duration wallTime) {}

  /** The simulated days' business volume (and the next day's, as booked), as `wattward volume load` takes it. */
  static void writeVolume(java.nio.file.Path file, List<io.wattward.simulator.ReferenceHospital.Volume> volume)
      throws java.io.IOException {
    StringBuilder csv = new StringBuilder("node_id,day,outpatient_visits,inpatient_bed_days\n");
    for (var v : volume) {
      csv.append(v.nodeId()).append(',').append(v.day()).append(',')
          .append(Double.isNaN(v.outpatientVisits()) ? "" : String.valueOf((long) v.outpatientVisits())).append(',')
          .append(Double.isNaN(v.inpatientBedDays()) ? "" : String.valueOf((long) v.inpatientBedDays())).append('\n');
    }
    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    java.nio.file.Files.writeString(file, csv);
  }

  /** Writes the topology CSV, then publishes readings for [from, to]; the shared core of simulate, demo and bench. */
  static Result simulate(WattwardConfig config, long seed, ZoneId zone, Instant from, Instant to, double speed,
      boolean environment, Path topologyCsv, boolean keepExpected, java.util.function.Consumer<String> progress)
      throws Exception {
    return simulate(config, 1, seed, zone, from, to, speed, environment, topologyCsv, keepExpected, progress);
  }

  /** The same, for a hospital of {@code campuses} copies of the reference campus. */
  static Result simulate(WattwardConfig config, int campuses, long seed, ZoneId zone, Instant from, Instant to,
      double speed, boolean environment, Path topologyCsv, boolean keepExpected,
      java.util.function.Consumer<String> progress) throws Exception {
    ReferenceHospital hospital = new ReferenceHospital(seed, campuses);
    TopologyCsv.write(topologyCsv, hospital.registrations());
    java.nio.file.Path nodesCsv = topologyCsv.resolveSibling("nodes.csv");
    io.wattward.topology.NodeInfo.write(nodesCsv, hospital.nodeInfo());
    java.nio.file.Path sensorsCsv = topologyCsv.resolveSibling("sensors.csv");
    io.wattward.topology.SensorInfo.write(sensorsCsv, hospital.sensorRegistry());
    java.nio.file.Path volumeCsv = topologyCsv.resolveSibling("volume.csv");
    writeVolume(volumeCsv, hospital.businessVolume(from.atZone(zone).toLocalDate(),
        to.atZone(zone).toLocalDate().plusDays(2), seed));
    progress.accept(String.format("hospital: %d meters, %d environment sensor sets; topology in %s, node attributes in %s, "
        + "sensor registry in %s, business volume in %s", hospital.meters().size(), hospital.sensors().size(), topologyCsv,
        nodesCsv, sensorsCsv, volumeCsv));
    WattwardConfig.Kafka kafka = config.kafka();
    KafkaTopics.ensure(kafka.bootstrap(), List.of(
        new KafkaTopics.Spec(kafka.topics().meterReadings(), kafka.partitions(), false),
        new KafkaTopics.Spec(kafka.topics().envReadings(), kafka.partitions(), false)));
    ExpectedTotals expected = keepExpected
        ? new ExpectedTotals(from, (int) Duration.between(from, to).toMinutes()) : null;
    progress.accept("simulating " + from + " .. " + to + (speed > 0 ? " at " + speed + "x" : " as fast as possible")
        + " into " + kafka.topics().meterReadings() + (environment ? " and " + kafka.topics().envReadings() : ""));
    if (speed == 1 && from.isAfter(Instant.now())) {
      // real time: a minute's readings go out when the wall clock reaches that minute, not before
      Thread.sleep(Duration.between(Instant.now(), from).toMillis());
    }
    long t0 = System.nanoTime();
    try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrap(), kafka.topics().meterReadings(),
        kafka.topics().envReadings(), kafka.partitions(), speed, progress)) {
      new HospitalSimulator(hospital, zone, seed).run(from, to, publisher, expected, environment);
      publisher.close();
      Duration wall = Duration.ofNanos(System.nanoTime() - t0);
      progress.accept(String.format("published %,d meter readings and %,d environment readings in %.1f s",
          publisher.meterReadings(), publisher.envReadings(), wall.toMillis() / 1000.0));
      return new Result(hospital, expected, publisher.meterReadings(), publisher.envReadings(), wall);
    }
  }
}
