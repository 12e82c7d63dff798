package io.wattward.anomaly.rules;

import io.wattward.schema.EnvMinute;
import io.wattward.schema.NodeWindow;

/** A node window or an environment minute on its way to the rules. A Flink POJO. */
public class RuleInput {
  public NodeWindow window;
  public EnvMinute env;

  public RuleInput() {}

  public static RuleInput of(NodeWindow w) {
    RuleInput in = new RuleInput();
    in.window = w;
    return in;
  }

  public static RuleInput of(EnvMinute e) {
    RuleInput in = new RuleInput();
    in.env = e;
    return in;
  }
}
