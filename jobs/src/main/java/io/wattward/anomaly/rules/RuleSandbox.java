package io.wattward.anomaly.rules;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.module.Module;
import com.espertech.esper.common.client.module.ModuleItem;
import com.espertech.esper.common.client.soda.EPStatementObjectModel;
import com.espertech.esper.common.client.util.ClassForNameProvider;
import com.espertech.esper.common.client.util.ClassLoaderProvider;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Where user EPL is compiled and run: a rule is data from whoever may edit the rules file or sign a
 * rule set, and must not reach beyond its events. Three fences, all met when a rule is loaded (the class
 * loader holds at run time too):
 *
 * <ol>
 *   <li>Esper's own switches: no inlined classes ({@code inlined_class}), no scripts ({@code expression
 *       js:/mvel:}), no default imports (only {@code java.lang.Math}).
 *   <li>Esper's class look-ups: the class-for-name provider, through which the compiler resolves every
 *       class a statement names (fully qualified, imported, in {@code cast}, {@code instanceof},
 *       {@code new}, a static call, an annotation), knows only the event types, {@code java.lang.Math}
 *       and Esper's annotations; the class loader that the generated code is compiled against and
 *       later runs in hides process, reflection, class loading, thread and I/O classes, so code that
 *       names them does not compile and {@code Class.forName} from it finds none of them.
 *   <li>{@link RuleStatementCheck} on the statement's object model, for what Esper has no switch for:
 *       one {@code select}, no {@code create}/{@code on}/{@code insert into}, and no method call on a
 *       value other than Esper's own enumeration and date-time methods.
 * </ol>
 *
 * What a rule may use: properties of {@code NodeWindow} and {@code Environment}; Esper's built-in
 * functions, aggregations, views, patterns, {@code match_recognize}, enumeration methods
 * ({@code window(*).where(v => ...).countOf()}) and date-time methods ({@code windowStart.getHourOfDay()});
 * EPL {@code expression} declarations; and the static functions of {@code java.lang.Math}
 * ({@code Math.abs(x)}, {@code Math.max(a, b)}, {@code Math.PI}), which are pure.
 */
public final class RuleSandbox {

  /** The one helper class a rule may name. */
  static final String HELPER = "java.lang.Math";

  private static final Set<String> NAMEABLE = Set.of(HELPER, NodeWindowEvent.class.getName(),
      EnvironmentEvent.class.getName());
  private static final String ESPER_ANNOTATIONS = "com.espertech.esper.common.client.annotation.";

  /** What generated code may link to: packages, then exceptions to them. */
  private static final List<String> LINKABLE_PACKAGES = List.of("java.lang.", "java.util.", "java.math.",
      "java.text.", "java.time.", "com.espertech.esper.", "org.slf4j.");
  private static final Set<String> LINKABLE_CLASSES = Set.of("java.io.Serializable", "java.io.IOException",
      "java.io.DataInput", "java.io.DataOutput", NodeWindowEvent.class.getName(), EnvironmentEvent.class.getName(),
      // annotations are proxies (Esper builds one for @name and the like); java.lang.Class's interfaces
      "java.lang.reflect.Proxy", "java.lang.reflect.InvocationHandler",
      "java.lang.reflect.UndeclaredThrowableException", "java.lang.reflect.GenericDeclaration",
      "java.lang.reflect.AnnotatedElement", "java.lang.reflect.Type", "java.lang.invoke.TypeDescriptor",
      "java.lang.invoke.TypeDescriptor$OfField", "java.lang.invoke.TypeDescriptor$OfMethod");
  /**
   * Hidden even there: names ending in '.' are packages, the others classes (with their nested classes).
   * java.lang.System cannot be: the code compiler (Janino) needs it; no rule can name it or call it.
   */
  private static final List<String> HIDDEN = List.of("java.lang.Runtime", "java.lang.ProcessBuilder",
      "java.lang.Process", "java.lang.ProcessHandle", "java.lang.Thread", "java.lang.ThreadGroup",
      "java.lang.ClassLoader", "java.lang.SecurityManager", "java.lang.Module", "java.lang.ModuleLayer",
      "java.lang.StackWalker", "java.lang.reflect.", "java.lang.invoke.", "java.lang.instrument.",
      "java.lang.management.", "java.lang.ref.", "java.util.ServiceLoader", "java.util.Timer",
      "java.util.concurrent.Executors", "java.util.concurrent.ExecutorService", "java.util.concurrent.ThreadPoolExecutor",
      "java.util.concurrent.ScheduledThreadPoolExecutor", "java.util.concurrent.ForkJoinPool",
      "java.util.concurrent.CompletableFuture", "java.util.jar.", "java.util.zip.", "java.util.logging.",
      "java.util.prefs.", "java.util.spi.", "com.espertech.esper.compiler.");

  private final Configuration configuration;
  /** classes that exist but were refused during the current compile (the compiler may use other threads) */
  private final Set<String> refused = new ConcurrentSkipListSet<>();

  public RuleSandbox() {
    configuration = new Configuration();
    configuration.getCommon().addEventType("NodeWindow", NodeWindowEvent.class);
    configuration.getCommon().addEventType("Environment", EnvironmentEvent.class);
    configuration.getCommon().getImports().clear();
    configuration.getCommon().addImport(HELPER);
    configuration.getCommon().getAnnotationImports().clear();
    configuration.getCommon().addAnnotationImport(ESPER_ANNOTATIONS + "*");
    configuration.getCompiler().getByteCode().setAllowInlinedClass(false);
    configuration.getCompiler().getScripts().setEnabled(false);
    // the default, stated: duck typing would resolve method calls by name at run time
    configuration.getCompiler().getExpression().setDuckTyping(false);
    configuration.getCompiler().getByteCode().setThreadPoolCompilerNumThreads(0); // compile on this thread
    ClassLoader parent = RuleSandbox.class.getClassLoader();
    ClassLoader linkable = new HidingClassLoader(parent);
    configuration.getCommon().getTransientConfiguration().put(ClassForNameProvider.NAME,
        (ClassForNameProvider) name -> {
          if (NAMEABLE.contains(name) || name.startsWith(ESPER_ANNOTATIONS)) {
            return Class.forName(name, true, parent);
          }
          noteIfExists(name, parent);
          throw new ClassNotFoundException(name + " is not available to rules");
        });
    configuration.getCommon().getTransientConfiguration().put(ClassLoaderProvider.NAME,
        (ClassLoaderProvider) () -> linkable);
    configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
  }

  /** The configuration for the Esper runtime the rules run in (the same class loader as at compile time). */
  public Configuration configuration() {
    return configuration;
  }

  /**
   * Checks and compiles one rule as a statement named after it; a {@link RuleException} names the rule and
   * what was refused, or the compiler's message.
   */
  public EPCompiled compile(Rule rule) {
    EPStatementObjectModel model = RuleStatementCheck.check(rule.name(), rule.epl(), configuration);
    CompilerArguments args = new CompilerArguments(configuration);
    args.getOptions().setStatementName(ctx -> rule.name());
    Module module = new Module();
    module.getItems().add(new ModuleItem(model));
    refused.clear();
    try {
      return EPCompilerProvider.getCompiler().compile(module, args);
    } catch (EPCompileException | RuntimeException e) {
      if (!refused.isEmpty()) {
        throw new RuleException("rule '" + rule.name() + "' is refused: it names "
            + String.join(", ", new TreeSet<>(refused)) + "; " + RuleStatementCheck.ALLOWED, e);
      }
      throw new RuleException("rule '" + rule.name() + "' does not compile: " + e.getMessage(), e);
    } finally {
      refused.clear();
    }
  }

  /** Esper also asks for names that are not classes (a stream alias, a property): only real classes are news. */
  private void noteIfExists(String name, ClassLoader loader) {
    if (loader.getResource(name.replace('.', '/') + ".class") != null) {
      refused.add(name);
    }
  }

  static boolean linkable(String name) {
    if (LINKABLE_CLASSES.contains(name)) {
      return true;
    }
    for (String hidden : HIDDEN) {
      if (hidden.endsWith(".") ? name.startsWith(hidden) : name.equals(hidden) || name.startsWith(hidden + "$")) {
        return false;
      }
    }
    for (String p : LINKABLE_PACKAGES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The class loader generated code is compiled against and runs in: the rest of the JVM is not there. */
  private final class HidingClassLoader extends ClassLoader {
    HidingClassLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!linkable(name)) {
        noteIfExists(name, getParent());
        throw new ClassNotFoundException(name + " is not available to rules");
      }
      return super.loadClass(name, resolve);
    }
  }
}
