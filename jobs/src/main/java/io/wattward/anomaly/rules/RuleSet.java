package io.wattward.anomaly.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wattward.anomaly.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules as written in a YAML file or published to the anomaly-rules topic:
 *
 * <pre>
 * rules:
 *   - name: chiller-hard-in-the-cold
 *     severity: WARNING
 *     description: a chiller working hard while it is cold outside
 *     epl: |
 *       select n.nodeId as nodeId, n.avgKw as value from NodeWindow(size='15m', level='device')#lastevent as n,
 *         Environment(level='campus')#lastevent as e where n.avgKw > 300 and e.temperatureC < 10
 * </pre>
 */
public record RuleSet(List<Rule> rules) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Parses and checks the rule set; the message of a {@link RuleException} names the rule and the problem. */
  public static RuleSet parse(String yaml) {
    RuleSet set;
    try {
      set = yaml == null || yaml.isBlank() ? new RuleSet(List.of()) : YAML.readValue(yaml, RuleSet.class);
    } catch (Exception e) {
      throw new RuleException("the rules are not valid YAML of the form 'rules: [{name, severity, description, epl}]': "
          + e.getMessage());
    }
    List<Rule> rules = set.rules() == null ? List.of() : set.rules();
    Set<String> names = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Rule r : rules) {
      if (r.name() == null || !r.name().matches("[A-Za-z0-9_-]+")) {
        problems.add("rule name '" + r.name() + "' must be letters, digits, '-' or '_'");
      } else if (!names.add(r.name())) {
        problems.add("rule name '" + r.name() + "' is used twice");
      }
      try {
        if (r.severity() != null) {
          Severity.valueOf(r.severity());
        }
      } catch (IllegalArgumentException e) {
        problems.add("rule '" + r.name() + "': severity must be INFO, WARNING or CRITICAL, not " + r.severity());
      }
      if (r.epl() == null || r.epl().isBlank()) {
        problems.add("rule '" + r.name() + "' has no epl statement");
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(String.join("; ", problems));
    }
    return new RuleSet(List.copyOf(rules));
  }
}
