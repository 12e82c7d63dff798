package io.wattward.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules that try to leave their events are refused when they are loaded, with the rule's name and what
 * was refused, and nothing of them runs; {@link #withoutTheSandboxTheAttacksRun} shows that each attack
 * does what it says in a plain Esper runtime, so a refusal here is not an accident of syntax.
 */
class RuleSandboxTest {

  private static final long T0 = Instant.parse("2026-01-10T02:00:00Z").toEpochMilli();

  @TempDir Path dir;

  /** An attack as a rule: {@code MARKER} stands for a file it would create, {@code refused} for what the refusal names. */
  record Attack(String name, String epl, String refused) {
    String on(Path marker) {
      return epl.replace("MARKER", marker.toString());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Attack> attacks() {
    return Stream.of(
        new Attack("runtime-exec",
            "select java.lang.Runtime.getRuntime().exec('touch MARKER') as nodeId from NodeWindow", "java.lang.Runtime"),
        new Attack("runtime-exec-short",
            "select Runtime.getRuntime().exec('touch MARKER') as nodeId from NodeWindow", "getRuntime(...) on Runtime"),
        new Attack("system-exit", "select System.exit(3) as nodeId from NodeWindow", "exit(...) on System"),
        new Attack("class-for-name",
            "select java.lang.Class.forName('java.lang.Runtime') as nodeId from NodeWindow", "java.lang.Class.forName"),
        new Attack("class-for-name-short",
            "select Class.forName('java.lang.Runtime') as nodeId from NodeWindow", "the call 'Class.forName("),
        new Attack("string-to-class",
            "select n.nodeId.getClass().forName('java.lang.Runtime').getName() as nodeId from NodeWindow as n",
            "getClass(...) on n.nodeId"),
        new Attack("reflection",
            "select java.lang.Class.forName('java.lang.Runtime').getMethod('getRuntime').invoke(null) as nodeId "
                + "from NodeWindow", "the name 'java.lang.Class'"),
        new Attack("java-io-file",
            "select new java.io.File('MARKER').createNewFile() as nodeId from NodeWindow", "createNewFile(...)"),
        new Attack("nio-files",
            "select java.nio.file.Files.createFile(java.nio.file.Paths.get('MARKER')) as nodeId from NodeWindow",
            "java.nio.file.Files"),
        new Attack("script",
            "expression js:pwn() [ java.lang.Runtime.getRuntime().exec('touch MARKER') ] select pwn() as nodeId "
                + "from NodeWindow", "a script (expression js:pwn)"),
        new Attack("inlined-class",
            "inlined_class \"\"\" public class Pwn { public static String run() throws Exception { "
                + "Runtime.getRuntime().exec(\"touch MARKER\"); return \"x\"; } } \"\"\" "
                + "select Pwn.run() as nodeId from NodeWindow", "an inlined class"),
        new Attack("import", "import java.io.*; select nodeId as nodeId from NodeWindow", "import java.io.*"),
        new Attack("create-window", "create window Everything#keepall as NodeWindow", "create window"));
  }

  private static String ruleSet(String name, String epl) {
    return "rules:\n  - name: " + name + "\n    epl: |\n      " + epl.replace("\n", "\n      ") + "\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void anAttackIsRefusedWithTheRulesNameAndTheRunningRulesStay(Attack attack) throws Exception {
    Path marker = dir.resolve(attack.name());
    List<RuleMatch> matches = new ArrayList<>();
    try (RuleEngine engine = new RuleEngine(matches::add)) {
      engine.load(RuleSet.parse(RuleEngineTest.CHILLER_RULE));

      assertThatThrownBy(() -> engine.load(RuleSet.parse(ruleSet(attack.name(), attack.on(marker)))))
          .isInstanceOf(RuleException.class)
          .hasMessageContaining("rule '" + attack.name() + "' is refused")
          .hasMessageContaining(attack.refused());

      engine.send(new EnvironmentEvent(RuleEngineTest.outdoor(T0, 6.0)), "Environment", T0);
      engine.send(new NodeWindowEvent(RuleEngineTest.chiller(T0, 80)), "NodeWindow", T0 + 15 * 60_000);
      assertThat(matches).extracting(m -> m.rule).containsExactly("chiller-hard-in-the-cold");
    }
    if (attack.epl().contains("MARKER")) {
      Thread.sleep(200); // a process started by the rule would have touched the file by now
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void theReadmeRuleAndRulesUsingMathAndEspersOwnMethodsCompileAndRun() {
    String rules = RuleEngineTest.CHILLER_RULE + """
          - name: chiller-far-above-its-last-hour
            epl: |
              select n.nodeId as nodeId, Math.round(n.avgKw) as value, Math.max(n.avgKw, 0.0) - 20 as expected,
                     'at ' || cast(n.windowStart.getHourOfDay(), string) || 'h' as detail
              from NodeWindow(level='device')#time(60 min) as n
              having n.avgKw > 1.05 * window(*).where(w => w.windowStart < n.windowStart).average(w => w.avgKw)
        """;
    List<RuleMatch> matches = new ArrayList<>();
    try (RuleEngine engine = new RuleEngine(matches::add)) {
      engine.load(RuleSet.parse(rules));
      engine.send(new NodeWindowEvent(RuleEngineTest.chiller(T0, 70)), "NodeWindow", T0 + 15 * 60_000); // 280 kW
      engine.send(new NodeWindowEvent(RuleEngineTest.chiller(T0 + 15 * 60_000, 75)), "NodeWindow", T0 + 30 * 60_000);
      // 300 kW against the 280 before it: +7 %, more than 5 % (the hour depends on the JVM's zone: not asserted)
      assertThat(matches).hasSize(1);
      assertThat(matches.get(0).rule).isEqualTo("chiller-far-above-its-last-hour");
      assertThat(matches.get(0).value).isEqualTo(300.0);
      assertThat(matches.get(0).expected).isEqualTo(280.0);
      assertThat(matches.get(0).detail).startsWith("at ").endsWith("h");
    }
  }

  @Test
  void aPropertyOfAPropertyAndADynamicPropertyAreRefused() {
    try (RuleEngine engine = new RuleEngine(m -> {})) {
      assertThatThrownBy(() -> engine.load(RuleSet.parse(ruleSet("nested",
          "select n.nodeId.bytes as nodeId from NodeWindow as n"))))
          .hasMessageContaining("rule 'nested' is refused").hasMessageContaining("n.nodeId.bytes");
      assertThatThrownBy(() -> engine.load(RuleSet.parse(ruleSet("dynamic",
          "select n.cls? as nodeId from NodeWindow as n"))))
          .hasMessageContaining("rule 'dynamic' is refused").hasMessageContaining("dynamic property 'n.cls?'");
      assertThatThrownBy(() -> engine.load(RuleSet.parse(ruleSet("string-method",
          "select nodeId.toUpperCase() as nodeId from NodeWindow"))))
          .hasMessageContaining("rule 'string-method' is refused").hasMessageContaining("toUpperCase(...) on nodeId");
    }
  }

  /** The control: in Esper as configured out of the box, the same rules reach the process, files and classes. */
  @Test
  void withoutTheSandboxTheAttacksRun() throws Exception {
    Configuration plain = new Configuration();
    plain.getCommon().addEventType("NodeWindow", NodeWindowEvent.class);
    plain.getRuntime().getThreading().setInternalTimerEnabled(false);
    EPRuntime runtime = EPRuntimeProvider.getRuntime("plain-" + UUID.randomUUID(), plain);
    try {
      for (Attack attack : attacks().toList()) {
        if (attack.name().equals("script") || attack.name().equals("import") || attack.name().equals("create-window")) {
          continue; // no script engine on Java 17; an import or a window does nothing by itself
        }
        Path marker = dir.resolve("plain-" + attack.name());
        EPCompiled compiled = EPCompilerProvider.getCompiler().compile(attack.on(marker), new CompilerArguments(plain));
        if (attack.name().equals("system-exit")) {
          continue; // it compiles; running it would end this test's JVM
        }
        EPDeployment d = runtime.getDeploymentService().deploy(compiled);
        List<Object> out = new ArrayList<>();
        d.getStatements()[0].addListener((newData, oldData, s, rt) -> out.add(newData[0].get("nodeId")));
        runtime.getEventService().sendEventBean(new NodeWindowEvent(RuleEngineTest.chiller(T0, 80)), "NodeWindow");
        runtime.getDeploymentService().undeploy(d.getDeploymentId());
        if (attack.epl().contains("MARKER")) {
          long deadline = System.currentTimeMillis() + 5_000;
          while (!Files.exists(marker) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
          }
          assertThat(marker).as(attack.name()).exists();
        } else {
          assertThat(String.valueOf(out.get(0))).as(attack.name()).contains("java.lang.Runtime");
        }
      }
    } finally {
      runtime.destroy();
    }
  }
}
