package io.wattward.jobs.anomaly;

import io.wattward.anomaly.rules.EnvironmentEvent;
import io.wattward.anomaly.rules.NodeWindowEvent;
import io.wattward.anomaly.rules.Rule;
import io.wattward.anomaly.rules.RuleEngine;
import io.wattward.anomaly.rules.RuleException;
import io.wattward.anomaly.rules.RuleInput;
import io.wattward.anomaly.rules.RuleMatch;
import io.wattward.anomaly.rules.RuleSandbox;
import io.wattward.anomaly.rules.RuleSet;
import io.wattward.anomaly.rules.RuleSetSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the user rules (one instance, keyed by a constant: a rule may join any nodes). Events are held
 * until the watermark passes them and then given to Esper in event-time order, so a rule joining a
 * chiller's quarter-hour with the outdoor temperature pairs readings of the same time even when the
 * two streams arrive at different paces. Rules come from a YAML file, read at
 * start (a bad rule stops the job with its name and error) and again whenever the file changes, and
 * from the anomaly-rules topic (second input: a whole rule set as YAML text, the newest wins), where only
 * a set signed with the rules secret ({@link RuleSetSignature}) is considered. Every rule runs in the
 * {@link RuleSandbox}. A rule set that is unsigned, badly signed, refused by the sandbox or does not
 * compile is reported on {@link #REJECTED} and the running rules stay; Flink state
 * elsewhere in the job is untouched by a reload. Esper's own windows are not checkpointed: after a
 * restart they fill again from new events.
 */
public final class RuleOperator extends KeyedCoProcessFunction<Integer, RuleInput, String, RuleMatch> {

  /** Rule sets that were not loaded, with the reason. */
  public static final OutputTag<String> REJECTED = new OutputTag<>("rules-rejected") {};

  private static final Logger LOG = LoggerFactory.getLogger(RuleOperator.class);

  private final String file;
  private final long checkIntervalMs;
  private final RuleSetSignature signature;
  private transient RuleEngine engine;
  private transient MapState<Long, List<RuleInput>> held;
  private transient List<RuleMatch> pending;
  private transient long fileModified;
  private transient long lastCheck;

  /** @param signature what a rule set on the topic must be signed with (none: the topic's sets are all refused) */
  public RuleOperator(String file, long checkIntervalMs, RuleSetSignature signature) {
    this.file = file == null || file.isBlank() ? null : file;
    this.checkIntervalMs = checkIntervalMs;
    this.signature = signature;
  }

  /** Reads and checks the rules file: the job fails at start on a bad rule. */
  public static RuleSet readFile(String file) throws Exception {
    if (file == null || file.isBlank()) {
      return new RuleSet(List.of());
    }
    return RuleEngine.validate(Files.readString(Path.of(file)));
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    pending = new ArrayList<>();
    engine = new RuleEngine(pending::add);
    held = getRuntimeContext().getMapState(new MapStateDescriptor<>("held", Types.LONG,
        Types.LIST(TypeInformation.of(RuleInput.class))));
    if (file != null) {
      fileModified = Files.getLastModifiedTime(Path.of(file)).toMillis();
      engine.load(RuleSet.parse(Files.readString(Path.of(file))));
      LOG.info("rules: {} loaded from {}", engine.rules().rules().size(), file);
    }
    if (!signature.hasSecret()) {
      LOG.warn("rules: {} is not set, so every rule set on the anomaly-rules topic will be refused",
          RuleSetSignature.SECRET_ENV);
    }
    lastCheck = System.currentTimeMillis();
  }

  /** When an input is complete: a window or minute at its end. */
  static long time(RuleInput in) {
    return in.window != null ? in.window.getWindowStart().toEpochMilli() + in.window.getWindowMinutes() * 60_000L
        : in.env.getMinuteStart().toEpochMilli() + 60_000L;
  }

  @Override
  public void processElement1(RuleInput in, Context ctx, Collector<RuleMatch> out) throws Exception {
    reloadIfChanged(ctx);
    long t = time(in);
    if (t <= ctx.timerService().currentWatermark()) {
      send(in, t, out); // behind the watermark already: in arrival order
      return;
    }
    List<RuleInput> at = held.get(t);
    if (at == null) {
      at = new ArrayList<>();
      ctx.timerService().registerEventTimeTimer(t);
    }
    at.add(in);
    held.put(t, at);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleMatch> out) throws Exception {
    List<RuleInput> at = held.get(timestamp);
    held.remove(timestamp);
    if (at != null) {
      for (RuleInput in : at) {
        send(in, timestamp, out);
      }
    }
  }

  private void send(RuleInput in, long t, Collector<RuleMatch> out) {
    if (in.window != null) {
      engine.send(new NodeWindowEvent(in.window), "NodeWindow", t);
    } else {
      engine.send(new EnvironmentEvent(in.env), "Environment", t);
    }
    pending.forEach(out::collect);
    pending.clear();
  }

  @Override
  public void processElement2(String published, Context ctx, Collector<RuleMatch> out) {
    String yaml;
    try {
      yaml = signature.verify(published);
    } catch (RuleException e) {
      reject(notLoaded("the anomaly-rules topic") + e.getMessage(), ctx);
      return;
    }
    load(yaml, "the anomaly-rules topic", ctx);
  }

  private void reloadIfChanged(KeyedCoProcessFunction<Integer, RuleInput, String, RuleMatch>.Context ctx) {
    long now = System.currentTimeMillis();
    if (file == null || now - lastCheck < checkIntervalMs) {
      return;
    }
    lastCheck = now;
    try {
      long modified = Files.getLastModifiedTime(Path.of(file)).toMillis();
      if (modified != fileModified) {
        fileModified = modified;
        load(Files.readString(Path.of(file)), file, ctx);
      }
    } catch (Exception e) {
      reject("cannot read " + file + ": " + e, ctx);
    }
  }

  private void load(String yaml, String from, KeyedCoProcessFunction<Integer, RuleInput, String, RuleMatch>.Context ctx) {
    try {
      engine.load(RuleSet.parse(yaml));
      LOG.info("rules: {} loaded from {}", engine.rules().rules().size(), from);
    } catch (RuleException e) {
      reject(notLoaded(from) + e.getMessage(), ctx);
    }
  }

  private String notLoaded(String from) {
    return "rules from " + from + " not loaded, the " + engine.rules().rules().size() + " running rules stay: ";
  }

  private void reject(String message, KeyedCoProcessFunction<Integer, RuleInput, String, RuleMatch>.Context ctx) {
    LOG.error(message);
    ctx.output(REJECTED, message);
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
  }
}
