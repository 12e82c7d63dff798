package io.wattward.anomaly.rules;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.EventType;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import io.wattward.anomaly.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The facility engineers' rules on Esper, driven by event time: the runtime's clock is moved by the
 * events themselves (never backwards), so {@code #time(15 min)} windows mean fifteen minutes of
 * readings, in a replay as live. {@link #load} compiles a whole rule set first and swaps it in only if
 * every rule compiles, so a bad edit reports its error and leaves the running rules in place. Rules are
 * compiled and run in the {@link RuleSandbox}.
 */
public final class RuleEngine implements AutoCloseable {

  private final RuleSandbox sandbox = new RuleSandbox();
  private final EPRuntime runtime;
  private final Consumer<RuleMatch> matches;
  private final Map<String, String> deployments = new LinkedHashMap<>();
  private RuleSet current = new RuleSet(List.of());
  private long clock = Long.MIN_VALUE;
  /** event time of the event being sent: the time of the matches it causes */
  private long sending;

  public RuleEngine(Consumer<RuleMatch> matches) {
    this.matches = matches;
    runtime = EPRuntimeProvider.getRuntime("wattward-rules-" + UUID.randomUUID(), sandbox.configuration());
  }

  public RuleSet rules() {
    return current;
  }

  /** Parses a rule set and compiles every rule in the sandbox, running nothing; a {@link RuleException} says why not. */
  public static RuleSet validate(String yaml) {
    RuleSet set = RuleSet.parse(yaml);
    try (RuleEngine check = new RuleEngine(m -> {})) {
      check.load(set);
    }
    return set;
  }

  /** Compiles every rule of the set, then replaces the deployed rules with them; throws and keeps the old ones on error. */
  public void load(RuleSet set) {
    Map<Rule, EPCompiled> compiled = new LinkedHashMap<>();
    for (Rule r : set.rules()) {
      compiled.put(r, sandbox.compile(r));
    }
    undeployAll();
    try {
      for (Map.Entry<Rule, EPCompiled> e : compiled.entrySet()) {
        deploy(e.getKey(), e.getValue());
      }
    } catch (RuntimeException e) {
      undeployAll();
      restore(current);
      throw e;
    }
    current = set;
  }

  /** Puts the rules that ran before a failed load back. */
  private void restore(RuleSet previous) {
    for (Rule r : previous.rules()) {
      try {
        deploy(r, sandbox.compile(r));
      } catch (Exception ignored) {
        // it ran before; if it cannot now, running without it is all that is left
      }
    }
  }

  private void deploy(Rule r, EPCompiled compiled) {
    EPDeployment d;
    try {
      d = runtime.getDeploymentService().deploy(compiled);
    } catch (Exception e) {
      throw new RuleException("rule '" + r.name() + "' cannot be deployed: " + e.getMessage(), e);
    }
    deployments.put(r.name(), d.getDeploymentId());
    EPStatement statement = runtime.getDeploymentService().getStatement(d.getDeploymentId(), r.name());
    EventType type = statement.getEventType();
    if (type.getPropertyType("nodeId") == null) {
      throw new RuleException("rule '" + r.name() + "' must select a property named nodeId (e.g. 'select n.nodeId as "
          + "nodeId ...'); it selects " + List.of(type.getPropertyNames()));
    }
    String severity = r.severity() == null ? Severity.WARNING.name() : r.severity();
    statement.addListener((newData, oldData, s, rt) -> {
      if (newData == null) {
        return;
      }
      for (EventBean b : newData) {
        RuleMatch m = new RuleMatch();
        m.rule = r.name();
        m.severity = severity;
        m.nodeId = String.valueOf(b.get("nodeId"));
        m.building = text(b, type, "building");
        m.energyType = text(b, type, "energyType");
        m.value = number(b, type, "value");
        m.expected = number(b, type, "expected");
        String detail = text(b, type, "detail");
        m.detail = detail.isEmpty() ? (r.description() == null ? r.name() : r.description()) : detail;
        m.timeMs = sending;
        matches.accept(m);
      }
    });
  }

  private static String text(EventBean b, EventType t, String property) {
    if (t.getPropertyType(property) == null) {
      return "";
    }
    Object v = b.get(property);
    return v == null ? "" : v.toString();
  }

  private static double number(EventBean b, EventType t, String property) {
    if (t.getPropertyType(property) == null) {
      return 0;
    }
    Object v = b.get(property);
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  private void undeployAll() {
    List<String> ids = new ArrayList<>(deployments.values());
    java.util.Collections.reverse(ids);
    for (String id : ids) {
      try {
        runtime.getDeploymentService().undeploy(id);
      } catch (Exception e) {
        throw new IllegalStateException("cannot undeploy rule deployment " + id, e);
      }
    }
    deployments.clear();
  }

  /** Sends an event at its event time (the engine's clock follows the largest time seen). */
  public void send(Object event, String type, long timeMs) {
    if (timeMs > clock) {
      clock = timeMs;
      runtime.getEventService().advanceTime(timeMs);
    }
    sending = timeMs;
    runtime.getEventService().sendEventBean(event, type);
  }

  @Override
  public void close() {
    runtime.destroy();
  }
}
