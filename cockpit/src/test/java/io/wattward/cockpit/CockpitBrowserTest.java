package io.wattward.cockpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.i18n.Language;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.jobs.forecast.ForecastJob;
import io.wattward.jobs.rollup.RollupJob;
import io.wattward.kpi.Quotas;
import io.wattward.kpi.Volumes;
import io.wattward.schema.KpiQuota;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.testing.LocalInfra;
import io.wattward.topology.NodeInfo;
import io.wattward.topology.SensorInfo;
import io.wattward.topology.TopologyLoader;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cockpit in a real browser (Debian's Chromium, headless, through chromium-driver) against a ClickHouse
 * filled by the real pipeline: a few simulated hours of the reference hospital -> Kafka -> the rollup job on a
 * Flink MiniCluster -> ClickHouse. The charts' numbers are read back from the ECharts instances on the page
 * and compared with ClickHouse queried directly; a viewer cannot acknowledge an anomaly, an operator can,
 * and the action is a row in ClickHouse.
 *
 * <p>{@code -Dcockpit.hours=24} simulates a whole day (for the screenshots in docs/); {@code
 * -Dcockpit.screenshots=DIR} copies the hospital, building and department screenshots there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CockpitBrowserTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant START = Instant.parse("2026-11-18T16:00:00Z"); // 2026-11-19 00:00 in Shanghai
  private static final String BUILDING = "PPH/MAIN/IP2";
  private static final String DEPARTMENT = "PPH/MAIN/CARDIOLOGY";
  private static final String ANOMALY = "JUMP|PPH/MAIN/IP2|WATER|1763485200000";
  /** The anomaly's row (the forecast job may have raised QUOTA anomalies in the building too). */
  private static final String ROW = "tr[data-anomaly='" + ANOMALY + "']";

  private ClickHouseEndpoint clickhouse;
  private CockpitServer server;
  private String base;
  private WebDriver browser;
  private Path shots;
  private Map<String, Map<String, WattwardConfig.Range>> profiles;
  private ReferenceHospital hospital;

  @BeforeAll
  void fillClickHouseAndStart() throws Exception {
    int hours = Integer.getInteger("cockpit.hours", 3);
    LocalInfra infra = LocalInfra.get();
    clickhouse = infra.newDatabase("cockpit");
    WattwardConfig base0 = infra.config(clickhouse.database());
    WattwardConfig config = base0.withTopics(base0.kafka().topics().prefixed(clickhouse.database() + "-"))
        .withPipeline(new WattwardConfig.Pipeline(null, 2, 2_000, 2_000, 3_600_000, 500,
            infra.projectRoot().resolve(".local/checkpoints").toString(), 2_000, 200, 2_000));
    hospital = new ReferenceHospital(31);
    try (KafkaPublisher publisher = new KafkaPublisher(config.kafka().bootstrap(),
        config.kafka().topics().meterReadings(), config.kafka().topics().envReadings(), config.kafka().partitions(),
        0, s -> {})) {
      new HospitalSimulator(hospital, SHANGHAI, 31).run(START, START.plusSeconds(3_600L * hours), publisher,
          new ExpectedTotals(START, 60 * hours), true);
    }
    TopologyLoader.load(clickhouse, hospital.registrations());
    NodeInfo.load(clickhouse, hospital.nodeInfo());
    SensorInfo.load(clickhouse, hospital.sensorRegistry());
    Configuration flink = new Configuration();
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    RollupJob.fromConfig(config, hospital.registrations(), hospital.sensorRegistry(), true)
        .run(StreamExecutionEnvironment.createLocalEnvironment(2, flink));
    // the day's business volume and the departments' quotas, as `wattward volume load` / `quotas load` give
    // them, then the forecast job over the roll-up's hours: business_volume and kpi_status
    java.time.LocalDate day = START.atZone(SHANGHAI).toLocalDate();
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().quotas(), 1, true),
        new KafkaTopics.Spec(config.kafka().topics().businessVolume(), config.kafka().partitions(), true)));
    Volumes.publish(config.kafka().bootstrap(), config.kafka().topics().businessVolume(),
        hospital.businessVolume(day, day.plusDays(1), 31).stream().map(v -> Volumes.of(v.nodeId(), v.day(),
            Double.isNaN(v.outpatientVisits()) ? null : v.outpatientVisits(),
            Double.isNaN(v.inpatientBedDays()) ? null : v.inpatientBedDays(), null, SHANGHAI, "simulator")).toList());
    List<KpiQuota> quotas = Quotas.resolve(clickhouse, hospital.quotas(java.time.YearMonth.from(day)));
    Quotas.load(clickhouse, quotas);
    Quotas.publish(config.kafka().bootstrap(), config.kafka().topics().quotas(), quotas);
    ForecastJob.fromConfig(config, infra.projectRoot(), true)
        .run(StreamExecutionEnvironment.createLocalEnvironment(2, flink));
    // an open anomaly as the anomaly job writes it: water of building 2 jumped at 01:00 local
    execute("INSERT INTO anomalies (anomaly_id, kind, status, severity, node_level, node_id, building, energy_type,"
        + " subject, started_at, updated_at, ended_at, expected, actual, peak_deviation_pct, excess_energy, unit,"
        + " excess_cost_cny, detail, version) VALUES ('" + ANOMALY + "', 'JUMP', 'OPEN', 'WARNING', 'building', '"
        + BUILDING + "', '" + BUILDING + "', 'WATER', '', '2026-11-18 17:00:00', '2026-11-18 17:00:00', NULL,"
        + " 2.0, 2.6, 30.0, 0.6, 'm3', 3.0, 'water jumped 30%', 1)");

    String viewer = PasswordHash.hash("viewer-password".toCharArray());
    String operator = PasswordHash.hash("operator-password".toCharArray());
    CockpitUsers users = CockpitUsers.parse("zhang:viewer:" + viewer + ",li:operator:" + operator,
        System::currentTimeMillis);
    server = new CockpitServer(new CockpitServer.Settings("127.0.0.1", 0, clickhouse, SHANGHAI, Language.ZH_CN, users,
        () -> null, false, config.environment().profiles()));
    profiles = config.environment().profiles();
    base = "http://127.0.0.1:" + server.start();
    browser = chromium(infra.projectRoot());
    shots = Paths.get("target/cockpit-screenshots");
    Files.createDirectories(shots);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Debian's chromium through its chromedriver, headless, with a fresh profile; installed if missing. */
  static WebDriver chromium(Path projectRoot) throws Exception {
    if (!new File("/usr/bin/chromedriver").canExecute() || !new File("/usr/bin/chromium").canExecute()) {
      Process p = new ProcessBuilder("bash", projectRoot.resolve("scripts/infra.sh").toString(), "browser")
          .inheritIO().start();
      assertThat(p.waitFor()).as("scripts/infra.sh browser").isZero();
    }
    Path profile = Files.createTempDirectory("cockpit-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,2200", "--lang=zh-CN", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
        .withEnvironment(Map.of("TZ", "Asia/Shanghai")) // the hospital's browsers show its local time
        .build();
    return new ChromeDriver(service, options);
  }

  @Test
  void theBuildingPageShowsClickHousesNumbersAndOnlyAnOperatorAcknowledges() throws Exception {
    signIn("zhang", "viewer-password", "/node?id=" + URLEncoder.encode(BUILDING, StandardCharsets.UTF_8));
    awaitReady();
    assertThat(browser.findElement(By.id("node-name")).getText()).contains("2号住院楼").contains("楼栋");
    assertThat(browser.findElement(By.id("card-today")).getText()).contains("今日").contains("电").contains("kWh");

    // the trend curve (hourly, electricity) is what node_energy_1h holds
    Map<Long, Double> hourly = queryPoints("SELECT toUnixTimestamp(window_start) * 1000, toFloat64(sum(consumption))"
        + " FROM node_energy_1h FINAL WHERE node_id = '" + BUILDING + "' AND energy_type = 'ELECTRICITY'"
        + " GROUP BY window_start ORDER BY window_start");
    assertThat(hourly).hasSizeGreaterThanOrEqualTo(3);
    assertThat(chartPoints("trend")).isEqualTo(hourly);
    // the same for the minute curve, from node_energy_1m (the last 6 hours)
    browser.findElement(By.cssSelector("#trend button[data-res='1m']")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(b ->
        "1m".equals(js("return window.cockpit.data.trend.resolution")));
    Map<Long, Double> minutes = queryPoints("SELECT toUnixTimestamp(window_start) * 1000, toFloat64(sum(consumption))"
        + " FROM node_energy_1m FINAL WHERE node_id = '" + BUILDING + "' AND energy_type = 'ELECTRICITY'"
        + " AND window_start >= (SELECT max(window_start) FROM node_energy_1h) + 3600 - 6 * 3600"
        + " GROUP BY window_start ORDER BY window_start");
    assertThat(minutes).hasSizeGreaterThan(60);
    assertThat(chartPoints("trend")).isEqualTo(minutes);
    // this November's bar is the month's total in node_energy_1d
    double november = queryPoints("SELECT 11, toFloat64(sum(consumption)) FROM node_energy_1d FINAL WHERE node_id = '"
        + BUILDING + "' AND energy_type = 'ELECTRICITY'").get(11L);
    assertThat(((Number) js("return window.cockpit.charts.months.getOption().series[1].data[10]")).doubleValue())
        .isCloseTo(november, within(1e-6));

    // the heat map: 24 hour columns, its cells the hourly values
    assertThat(((Number) js("return window.cockpit.charts.heatmap.getOption().xAxis[0].data.length")).intValue())
        .isEqualTo(24);
    @SuppressWarnings("unchecked")
    List<List<Object>> cells = (List<List<Object>>) js("return window.cockpit.charts.heatmap.getOption().series[0].data");
    assertThat(cells).hasSize(hourly.size());
    double cellSum = cells.stream().mapToDouble(c -> ((Number) c.get(2)).doubleValue()).sum();
    assertThat(cellSum).isCloseTo(hourly.values().stream().mapToDouble(Double::doubleValue).sum(), within(1e-6));
    screenshot("cockpit-building.png");

    // a viewer sees the anomaly but no buttons, and the server refuses the action itself
    assertThat(browser.findElement(By.cssSelector(ROW + " .state")).getText()).contains("待处理");
    // its detail in Chinese, composed from its fields as the notifier's messages say it (not 'water jumped 30%')
    assertThat(browser.findElement(By.cssSelector(ROW)).getText())
        .contains("用量 2.60 m³，负荷模型预计 2.00 m³（+30.0%）");
    assertThat(browser.findElements(By.cssSelector("#anomalies button.ack"))).isEmpty();
    assertThat(browser.findElement(By.id("viewer-hint")).getText()).contains("仅值班操作员");
    Object status = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "fetch('/api/anomalies/acknowledge', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type':"
        + " 'application/x-www-form-urlencoded', 'X-WattWard-Action': '1'}, body: 'id=' + encodeURIComponent('"
        + ANOMALY + "')}).then(function (r) { done(r.status); });");
    assertThat(((Number) status).intValue()).isEqualTo(403);
    assertThat(actions()).isEmpty();

    // an operator acknowledges with the button, and ClickHouse has it
    browser.findElement(By.cssSelector("header form button")).click();
    signIn("li", "operator-password", "/node?id=" + URLEncoder.encode(BUILDING, StandardCharsets.UTF_8));
    awaitReady();
    browser.findElement(By.cssSelector(ROW + " button.ack")).click();
    // the table is drawn anew once the action is stored: ask again until the new one says so
    whileThePageChanges(20).until(b ->
        b.findElement(By.cssSelector(ROW + " .state")).getText().contains("已确认"));
    assertThat(browser.findElement(By.cssSelector(ROW + " .state")).getText()).contains("已确认（li）");
    assertThat(actions()).containsExactly(List.of(ANOMALY, "ACKNOWLEDGE", "li"));
  }

  @Test
  void hospitalAndDepartmentPagesLoadInChinese() throws Exception {
    signIn("zhang", "viewer-password", "/node?id=PPH");
    awaitReady();
    assertThat(browser.findElement(By.id("node-name")).getText()).contains("省人民医院").contains("医院");
    assertThat(browser.findElement(By.id("children")).getText()).contains("2号住院楼").contains("急诊中心");
    assertThat(browser.findElement(By.id("rankings")).getText()).contains("每床用电");
    // the hospital's buildings chart: one bar per building, each today's electricity in ClickHouse
    @SuppressWarnings("unchecked")
    List<Object> bars = (List<Object>) js("return window.cockpit.charts.children.getOption().series[0].data");
    assertThat(bars).hasSize(8);
    screenshot("cockpit-hospital.png");

    browser.get(base + "/node?id=" + URLEncoder.encode(DEPARTMENT, StandardCharsets.UTF_8));
    awaitReady();
    assertThat(browser.findElement(By.id("node-name")).getText()).contains("心血管内科").contains("科室");
    assertThat(browser.findElement(By.id("card-month")).getText()).contains("本月").contains("电");
    screenshot("cockpit-department.png");
  }

  @Test
  void rankingsPerVisitAndQuotasAreTheDepartmentsFigures() throws Exception {
    signIn("zhang", "viewer-password", "/node?id=PPH");
    awaitReady();
    // per outpatient visit: a department's electricity in node_energy_1d over its visits as the simulator published them
    java.time.LocalDate day = START.atZone(SHANGHAI).toLocalDate();
    Map<String, Double> visits = new LinkedHashMap<>();
    for (ReferenceHospital.Volume v : hospital.businessVolume(day, day.plusDays(1), 31)) {
      if (v.nodeId().split("/").length == 3 && v.outpatientVisits() > 0) {
        visits.put(v.nodeId(), v.outpatientVisits());
      }
    }
    Map<String, Double> energy = queryByNode("SELECT node_id, toFloat64(sum(consumption)) FROM node_energy_1d FINAL"
        + " WHERE node_level = 'department' AND energy_type = 'ELECTRICITY' GROUP BY node_id");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> perVisit = (List<Map<String, Object>>) js("return window.cockpit.data.rankings.perVisit");
    assertThat(perVisit).extracting(r -> (String) r.get("department"))
        .containsExactlyInAnyOrderElementsOf(visits.keySet());
    double previous = Double.MAX_VALUE;
    for (Map<String, Object> r : perVisit) {
      String dept = (String) r.get("department");
      double value = ((Number) r.get("per_visit")).doubleValue();
      assertThat(value).as(dept).isCloseTo(energy.get(dept) / visits.get(dept), within(0.0006));
      assertThat(value).as("highest first").isLessThanOrEqualTo(previous);
      previous = value;
    }
    String rankings = browser.findElement(By.id("rankings")).getText();
    assertThat(rankings).contains("每门诊人次用电").contains("1. " + name((String) perVisit.get(0).get("department")));

    // quotas: 12 kWh per m2 of each department this month; used so far: its hours in node_energy_1h
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> quotas = (List<Map<String, Object>>) js("return window.cockpit.data.quotas.rows");
    Map<String, Double> hours = queryByNode("SELECT node_id, toFloat64(sum(consumption)) FROM node_energy_1h FINAL"
        + " WHERE node_level = 'department' AND energy_type = 'ELECTRICITY' GROUP BY node_id");
    assertThat(quotas).extracting(q -> (String) q.get("department_id"))
        .containsExactlyInAnyOrderElementsOf(hours.keySet());
    for (Map<String, Object> q : quotas) {
      String dept = (String) q.get("department_id");
      double area = hospital.nodeInfo().stream().filter(n -> n.nodeId().equals(dept)).findFirst().orElseThrow().areaM2();
      assertThat(((Number) q.get("quota")).doubleValue()).as(dept).isCloseTo(12 * area, within(1e-6));
      assertThat(((Number) q.get("to_date")).doubleValue()).as(dept).isCloseTo(hours.get(dept), within(1e-3));
      assertThat(q.get("period")).isEqualTo("2026-11");
    }
    String quotaPanel = browser.findElement(By.id("quotas")).getText();
    assertThat(quotaPanel).contains("心血管内科").contains("放射科").contains("kWh");
    assertThat(quotas).extracting(q -> (String) q.get("status_name")).allSatisfy(n -> assertThat(quotaPanel).contains(n));
  }

  @Test
  void aRoomShowsItsEnvironmentAgainstItsRangeProfile() throws Exception {
    Map<String, Double> rooms = queryByNode("SELECT node_id, 0 FROM env_1h FINAL WHERE node_level = 'room'"
        + " AND room_type = 'operating-room' GROUP BY node_id");
    assertThat(rooms).isNotEmpty();
    String room = rooms.keySet().stream().sorted().findFirst().orElseThrow();
    signIn("zhang", "viewer-password", "/node?id=" + URLEncoder.encode(room, StandardCharsets.UTF_8));
    awaitReady();
    for (String[] f : new String[][] {{"temperature", "temperature_avg_c", "temperatureC"},
        {"humidity", "humidity_avg_pct", "humidityPct"}, {"co2", "co2_avg_ppm", "co2Ppm"}}) {
      // the last day up to the cockpit's "now": the end of the latest hour with energy data
      String shown = " FINAL WHERE node_id = '" + room + "' AND window_start < (SELECT max(window_start) FROM"
          + " node_energy_1h) + 3600";
      Map<Long, Double> hourly = queryPoints("SELECT toUnixTimestamp(window_start) * 1000, avg(" + f[1] + ") FROM env_1h"
          + shown + " GROUP BY window_start ORDER BY window_start");
      Map<Long, Double> drawn = chartPoints("env-" + f[0]);
      assertThat(drawn.keySet()).as(f[0]).containsExactlyElementsOf(hourly.keySet());
      hourly.forEach((t, v) -> assertThat(drawn.get(t)).as(f[0] + " at " + t).isCloseTo(v, within(0.006)));
      // the operating room's range from the configuration, drawn as dashed lines
      WattwardConfig.Range range = profiles.get("operating-room").get(f[2]);
      List<Double> expected = new ArrayList<>();
      if (range.min() != null) {
        expected.add(range.min());
      }
      expected.add(range.max());
      @SuppressWarnings("unchecked")
      List<Number> limits = (List<Number>) js("return window.cockpit.charts['env-" + f[0] + "'].getOption().series[0]"
          + ".markLine.data.map(function (d) { return d.yAxis; })");
      assertThat(limits.stream().map(Number::doubleValue).toList()).as(f[0]).isEqualTo(expected);
      long out = queryPoints("SELECT 0, toFloat64(sum(" + f[0] + "_minutes_out)) FROM env_1h" + shown).get(0L)
          .longValue();
      assertThat(browser.findElement(By.id("env-" + f[0] + "-title")).getText()).contains("超出范围 " + out + " 分钟");
    }
    assertThat(browser.findElement(By.id("env-room-type")).getText()).contains("手术室");
    screenshot("cockpit-room.png");
  }

  @Test
  void theCockpitSpeaksEnglishWhenAsked() throws Exception {
    CockpitUsers users = CockpitUsers.parse("zhang:viewer:" + PasswordHash.hash("viewer-password".toCharArray()),
        System::currentTimeMillis);
    try (CockpitServer english = new CockpitServer(new CockpitServer.Settings("127.0.0.1", 0, clickhouse, SHANGHAI,
        Language.EN, users, () -> null, false, profiles))) {
      String home = base;
      base = "http://127.0.0.1:" + english.start();
      try {
        signIn("zhang", "viewer-password", "/node?id=" + URLEncoder.encode(DEPARTMENT, StandardCharsets.UTF_8));
        awaitReady();
        assertThat(browser.findElement(By.id("node-name")).getText()).contains("心血管内科").contains("Department");
        assertThat(browser.findElement(By.id("card-month")).getText()).contains("This month").contains("kWh");
        assertThat(browser.findElement(By.id("quotas")).getText()).contains("Quotas (2026-11)").contains("Projected");
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("本月").doesNotContain("用电");
      } finally {
        base = home;
      }
    }
  }

  @Test
  void aWrongPasswordIsRefusedAndPagesNeedSignIn() {
    browser.manage().deleteAllCookies();
    browser.get(base + "/node?id=PPH");
    assertThat(browser.getCurrentUrl()).contains("/login");
    browser.findElement(By.id("user")).sendKeys("li");
    browser.findElement(By.id("password")).sendKeys("guess");
    browser.findElement(By.id("sign-in")).click();
    // the answer is a new page: wait for it
    whileThePageChanges(20).until(b -> !b.findElements(By.id("login-error")).isEmpty());
    assertThat(browser.findElement(By.id("login-error")).getText()).contains("用户名或密码不正确");
  }

  private void signIn(String user, String password, String next) {
    browser.manage().deleteAllCookies();
    browser.get(base + "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    browser.findElement(By.id("user")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
  }

  private void awaitReady() {
    try {
      // read through the document, not an element handle: while the sign-in's redirect replaces the page,
      // a handle to the old body fails with "stale element" or Chrome's "does not belong to the document"
      whileThePageChanges(30).until(b ->
          "true".equals(js("return document.body ? document.body.getAttribute('data-ready') : null")));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("the page " + browser.getCurrentUrl() + " did not get ready; it shows: "
          + browser.findElement(By.tagName("body")).getText(), e);
    }
    // every panel drew: none says it could not read ClickHouse
    assertThat(browser.findElements(By.cssSelector("section[data-error]")))
        .extracting(e -> e.getAttribute("id") + ": " + e.getAttribute("data-error")).isEmpty();
  }

  /**
   * A wait that asks again when the page changed under the question: an element of the page before (stale, or
   * Chrome's "Node with given id does not belong to the document") or a script run while the next page loads.
   * A condition that never holds still ends in the wait's timeout, with the last of these as its cause.
   */
  private WebDriverWait whileThePageChanges(int seconds) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
    wait.ignoring(WebDriverException.class); // stale elements and script errors are WebDriverExceptions too
    return wait;
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** A chart's first series as drawn: x (epoch ms) -> y. */
  @SuppressWarnings("unchecked")
  private Map<Long, Double> chartPoints(String chart) {
    List<List<Object>> data = (List<List<Object>>) js("return window.cockpit.charts['" + chart
        + "'].getOption().series[0].data");
    Map<Long, Double> out = new LinkedHashMap<>();
    for (List<Object> p : data) {
      out.put(((Number) p.get(0)).longValue(), ((Number) p.get(1)).doubleValue());
    }
    return out;
  }

  /** A query's rows as first column (a number) -> second column (a number). */
  private Map<Long, Double> queryPoints(String sql) throws SQLException {
    return query(sql, rs -> rs.getLong(1));
  }

  /** A query's rows as first column (a node id) -> second column (a number). */
  private Map<String, Double> queryByNode(String sql) throws SQLException {
    return query(sql, rs -> rs.getString(1));
  }

  private interface Key<K> {
    K of(ResultSet rs) throws SQLException;
  }

  private <K> Map<K, Double> query(String sql, Key<K> key) throws SQLException {
    Map<K, Double> out = new LinkedHashMap<>();
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(key.of(rs), rs.getDouble(2));
      }
    }
    return out;
  }

  /** The name node_info has for a node. */
  private String name(String nodeId) {
    return hospital.nodeInfo().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow().name();
  }

  private List<List<String>> actions() throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT anomaly_id, action, by_user FROM anomaly_actions ORDER BY at")) {
      while (rs.next()) {
        out.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = clickhouse.open(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private void screenshot(String name) throws IOException, InterruptedException {
    Thread.sleep(1_500); // ECharts draws its lines in with an animation of about a second
    Path file = shots.resolve(name);
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    String docs = System.getProperty("cockpit.screenshots");
    if (docs != null) {
      Files.copy(file, Paths.get(docs).resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

}
