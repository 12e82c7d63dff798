package io.wattward.jobs.anomaly;

import io.wattward.anomaly.rules.RuleEngineTest;
import io.wattward.anomaly.rules.RuleSetSignature;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.EnvMinute;
import io.wattward.schema.MeterMinuteRecord;
import io.wattward.schema.NodeWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The anomaly job's test input, the same for the real path ({@link AnomalyJobEndToEndTest}) and the
 * in-memory flow ({@link AnomalyJobFlowTest}): four weeks of hourly node windows, six hours of
 * meter-minutes and an hour of room environment, with one of each anomaly injected and a noisy but normal
 * node beside them. Every expected figure is worked out in the tests' comments.
 */
final class AnomalyScenario {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  /** Monday 2026-10-05, local midnight */
  static final LocalDateTime MONDAY = LocalDateTime.parse("2026-10-05T00:00");
  static final String CARDIOLOGY = "PPH/MAIN/CARDIOLOGY";
  static final String IP2 = "PPH/MAIN/IP2";
  static final String IP1 = "PPH/MAIN/IP1";
  static final String OR_ROOM = "PPH/MAIN/IP2/F05/IP2-F05-R501";
  static final String WARD_ROOM = "PPH/MAIN/IP2/F07/IP2-F07-R705";
  static final String CHILLER = "PPH/MAIN/IP2/hvac/chiller-plant/CH-1";
  static final String RULES = RuleEngineTest.CHILLER_RULE;
  static final RuleSetSignature SIGNATURE = RuleSetSignature.withSecret("0123456789abcdef0123456789abcdef-e2e");

  /**
   * Every anomaly found, as the latest row of each: kind node subject -> status severity start to end, peak
   * deviation, excess energy and cost. Each injected anomaly the job judges once, nothing else (IP1's noisy HVAC
   * and the ward's single minute out raise nothing). The cardiology water and IP2 night lighting rises in the
   * windows are JUMP and NIGHT_BASE_LOAD, which the forecast job judges against its load model: this job
   * raises nothing for them.
   */
  static final Map<String, String> EXPECTED_ROWS = Map.of(
      // last minute 01:59: silent from 02:00, found when the watermark passed 02:15, critical from 04:00
      "OFFLINE METER-B METER-B", "UPDATE CRITICAL 2026-10-05T02:00 to - dev 0.0 excess 0.0 cost 0.0",
      // 0.5 kWh every minute from 03:00, found at 04:59 (120 minutes), over at 05:30
      "FLATLINE METER-C METER-C", "RESOLVED WARNING 2026-10-05T03:00 to 2026-10-05T05:30 dev 0.0 excess 0.0 cost 0.0",
      // out from 10:00 to 10:14, in range again from 10:15 (resolved after 5 minutes in range)
      "ENV_OUT_OF_RANGE " + OR_ROOM + " humidityPct",
      "RESOLVED WARNING 2026-10-05T10:00 to 2026-10-05T10:15 dev 0.0 excess 0.0 cost 0.0",
      // 320 kW against the rule's 300: +6.7 %
      "RULE:chiller-hard-in-the-cold " + CHILLER + " chiller-hard-in-the-cold",
      "RESOLVED CRITICAL 2026-10-05T10:15 to 2026-10-05T11:10 dev 6.7 excess 0.0 cost 0.0");

  /** Each anomaly's events on the topic, in order: status, version and severity. */
  static final Map<String, List<String>> EXPECTED_LIVES = Map.of(
      "OFFLINE METER-B", List.of("OPEN v1 WARNING", "UPDATE v2 CRITICAL"),
      "FLATLINE METER-C", List.of("OPEN v1 WARNING", "RESOLVED v2 WARNING"),
      "ENV_OUT_OF_RANGE " + OR_ROOM, List.of("OPEN v1 WARNING", "RESOLVED v2 WARNING"),
      "RULE:chiller-hard-in-the-cold " + CHILLER, List.of("OPEN v1 CRITICAL", "RESOLVED v2 CRITICAL"));

  /** The topics the job reads. */
  enum Topic { NODE_WINDOWS, METER_MINUTES, ENV_MINUTES, RULES }

  /** A record for one of them. */
  record Record(Topic topic, String key, byte[] value) {}

  final List<Record> records = new ArrayList<>();

  AnomalyScenario(boolean withMeterMinutes) {
    this.withMeterMinutes = withMeterMinutes;
    build();
  }

  private final boolean withMeterMinutes;

  static Instant local(int day, int hour, int minute) {
    return MONDAY.plusDays(day).withHour(hour).withMinute(minute).atZone(ZONE).toInstant();
  }

  private void send(Topic topic, String key, byte[] value) {
    records.add(new Record(topic, key, value));
  }

  private void window(String level, String node, String type, String subItem, String unit, Instant start, double value,
      double price) {
    NodeWindow w = NodeWindow.newBuilder().setSize("1h").setHierarchy("spatial").setLevel(level).setNodeId(node)
        .setBuilding(level.equals("building") ? node : "").setEnergyType(type).setSubItem(subItem).setUnit(unit)
        .setWindowStart(start).setWindowMinutes(60).setConsumption(value).setMetersExpected(1).setMeterMinutes(60)
        .setCost(value * price).setVersion(1).build();
    send(Topic.NODE_WINDOWS, node, AvroMessages.encode(NodeWindow.getEncoder(), w));
  }

  private void minute(String meter, Instant start, double kwh) {
    if (!withMeterMinutes) {
      return;
    }
    MeterMinuteRecord m = MeterMinuteRecord.newBuilder().setMeterId(meter).setEnergyType("ELECTRICITY")
        .setMinuteStart(start).setConsumption(kwh).setUnit("kWh").setEstimated(false).setVersion(1).build();
    send(Topic.METER_MINUTES, meter, AvroMessages.encode(MeterMinuteRecord.getEncoder(), m));
  }

  private void env(String room, String type, Instant start, double humidity, boolean humidityOut) {
    EnvMinute e = EnvMinute.newBuilder().setLevel("room").setNodeId(room).setBuilding(IP2).setRoomType(type)
        .setMinuteStart(start).setTemperatureC(22.5).setHumidityPct(humidity)
        .setOutOfRange(humidityOut ? List.of("humidityPct") : List.of()).build();
    send(Topic.ENV_MINUTES, room, AvroMessages.encode(EnvMinute.getEncoder(), e));
  }

  private void build() {
      Random noise = new Random(7);
      for (int day = 0; day < 28; day++) {
        for (int hour = 0; hour < 24; hour++) {
          Instant t = local(day, hour, 0);
          boolean daytime = hour >= 8 && hour < 20;
          // cardiology's water: 2.0 m3/h by day, 0.5 at night; on Tuesday of week 4 (day 22) from 10:00 to
          // 13:59 it runs 30 % high (a stuck cistern valve): 2.6 m3/h
          double water = daytime ? 2.0 : 0.5;
          if (day == 22 && hour >= 10 && hour < 14) {
            water = 2.6;
          }
          window("department", CARDIOLOGY, "WATER", "", "m3", t, water, 4.10);
          // building 2's lighting: 100 kWh/h by day, 40 at night; the nights of days 20, 21 and 22
          // (00:00-05:00) at 46.8 (+17 %: above the 15 % night threshold, below the 20 % jump threshold)
          double light = daytime ? 100 : 40;
          if (day >= 20 && day <= 22 && hour < 5) {
            light = 46.8;
          }
          window("building", IP2, "ELECTRICITY", "01A00", "kWh", t, light, 0.7);
          // building 1's HVAC: normal, with +-5 % noise every hour: must raise nothing
          double hvac = (daytime ? 60 : 25) * (0.95 + 0.1 * noise.nextDouble());
          window("building", IP1, "ELECTRICITY", "01B00", "kWh", t, hvac, 0.7);
        }
      }
      for (int m = 0; m < 360; m++) {
        Instant t = local(0, 0, 0).plusSeconds(60L * m);
        minute("METER-A", t, 0.3 + 0.01 * (m % 5));
        if (m < 120) {
          minute("METER-B", t, 0.2 + 0.01 * (m % 3)); // silent from 02:00
        }
        // stuck at exactly 0.5 kWh a minute from 03:00 to 05:29 (150 minutes)
        minute("METER-C", t, m >= 180 && m < 330 ? 0.5 : 0.4 + 0.01 * (m % 7));
      }
      // the chiller at 320 kW (80 kWh a quarter) from 10:00 to 10:29, 200 kW from 10:30, while it is 6 C
      // outside (minutes 09:50-10:39): the rule matches from the end of the first quarter (10:15), and again
      // with every outdoor minute while the last quarter seen is a 320 kW one; the 200 kW quarter ends at
      // 10:45, after the last outdoor minute (ending 10:40), so the last match is at 10:40 and the anomaly
      // resolves 30 minutes later, at 11:10
      for (int q = 0; q < 3; q++) {
        NodeWindow w = NodeWindow.newBuilder().setSize("15m").setHierarchy("itemized").setLevel("device")
            .setNodeId(CHILLER).setBuilding(IP2).setEnergyType("ELECTRICITY").setSubItem("01B00").setUnit("kWh")
            .setWindowStart(local(0, 10, 15 * q)).setWindowMinutes(15).setConsumption(q < 2 ? 80 : 50)
            .setMetersExpected(1).setMeterMinutes(15).setCost(0).setVersion(1).build();
        send(Topic.NODE_WINDOWS, CHILLER, AvroMessages.encode(NodeWindow.getEncoder(), w));
      }
      for (int m = 0; m < 50; m++) {
        Instant t = local(0, 9, 50).plusSeconds(60L * m);
        EnvMinute outdoor = EnvMinute.newBuilder().setLevel("campus").setNodeId("PPH/MAIN").setBuilding("")
            .setRoomType("outdoor").setMinuteStart(t).setTemperatureC(6.0).setOutOfRange(List.of()).build();
        send(Topic.ENV_MINUTES, "PPH/MAIN", AvroMessages.encode(EnvMinute.getEncoder(), outdoor));
        // the operating room at 68 % humidity from 10:00 to 10:14 (15 minutes), 50 % otherwise
        boolean out = m >= 10 && m < 25;
        env(OR_ROOM, "operating-room", t, out ? 68.0 : 50.0, out);
        // the ward out for a single minute at 10:05: shorter than the 10-minute minimum
        env(WARD_ROOM, "ward", t, m == 15 ? 66.0 : 55.0, m == 15);
      }
      send(Topic.NODE_WINDOWS, "junk", "not avro".getBytes(StandardCharsets.UTF_8));
      // a signed rule set with a typo on the rules topic: rejected with its reason, the file's rule keeps running
      // (unsigned and malicious sets: RulesSandboxEndToEndTest)
      send(Topic.RULES, "rules",
          SIGNATURE.sign(RULES.replace("n.avgKw > 300", "n.avgKW > 300")).getBytes(StandardCharsets.UTF_8));
  }
}
