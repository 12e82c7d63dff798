package io.wattward.anomaly.rules;

import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.module.Module;
import com.espertech.esper.common.client.module.ModuleItem;
import com.espertech.esper.common.client.soda.AnnotationPart;
import com.espertech.esper.common.client.soda.ClassProvidedExpression;
import com.espertech.esper.common.client.soda.DotExpression;
import com.espertech.esper.common.client.soda.DotExpressionItem;
import com.espertech.esper.common.client.soda.DotExpressionItemCall;
import com.espertech.esper.common.client.soda.DotExpressionItemName;
import com.espertech.esper.common.client.soda.EPStatementObjectModel;
import com.espertech.esper.common.client.soda.MethodInvocationStream;
import com.espertech.esper.common.client.soda.NewInstanceOperatorExpression;
import com.espertech.esper.common.client.soda.PropertyValueExpression;
import com.espertech.esper.common.client.soda.SQLStream;
import com.espertech.esper.common.client.soda.ScriptExpression;
import com.espertech.esper.common.client.soda.SingleRowMethodExpression;
import com.espertech.esper.common.client.soda.StaticMethodExpression;
import com.espertech.esper.common.internal.epl.datetime.eval.DatetimeMethodBuiltin;
import com.espertech.esper.common.internal.epl.enummethod.dot.EnumMethodBuiltin;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a rule may say, checked on its statement's object model where Esper has no switch: one
 * {@code select} (no {@code create}, {@code on}, {@code insert into}, {@code update istream}, module
 * {@code import}/{@code uses}, script, inlined class, {@code method:} or {@code sql:} join, {@code new} of a
 * class, annotation other than {@code @Description}/{@code @Tag}/{@code @Hint}); a name with at most one
 * dot ({@code property}, {@code alias.property}, {@code Math.PI}), never dynamic ({@code foo?}); and a
 * method call ({@code x.m(...)}) only when {@code m} is one of Esper's enumeration or date-time methods
 * (their names come from Esper's own lists), or {@code x} is {@code Math} and {@code m} one of its
 * functions. So no value (a string, a number, an event) is ever asked for its class, its methods or
 * anything else. Every node of the model is visited, whichever clause holds it (subqueries, patterns,
 * views, declared expressions), and the model, not the text, is what is compiled.
 */
final class RuleStatementCheck {

  /** What a refusal message ends with. */
  static final String ALLOWED = "a rule may use its events' properties (property or alias.property), Esper's built-in "
      + "functions, aggregations, views and methods, and java.lang.Math's functions (Math.abs(x))";

  private static final String SODA = EPStatementObjectModel.class.getPackageName() + ".";
  private static final Set<String> ANNOTATIONS = Set.of("description", "tag", "hint");
  /** Esper's own methods on values, lower case */
  private static final Set<String> ESPER_METHODS = Stream.concat(
          Arrays.stream(EnumMethodBuiltin.values()).map(EnumMethodBuiltin::getNameCamel),
          Arrays.stream(DatetimeMethodBuiltin.values()).map(DatetimeMethodBuiltin::getNameCamel))
      .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  private static final Set<String> MATH_FUNCTIONS = Arrays.stream(Math.class.getMethods())
      .filter(m -> Modifier.isStatic(m.getModifiers())).map(Method::getName).collect(Collectors.toUnmodifiableSet());
  private static final Set<String> MATH_CONSTANTS = Arrays.stream(Math.class.getFields())
      .filter(f -> Modifier.isStatic(f.getModifiers())).map(f -> f.getName()).collect(Collectors.toUnmodifiableSet());
  private static final Set<String> EVENT_PROPERTIES = Stream.of(NodeWindowEvent.class, EnvironmentEvent.class)
      .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
      .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0 && m.getName().startsWith("get"))
      .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4))
      .collect(Collectors.toUnmodifiableSet());
  private static final Map<Class<?>, List<Method>> GETTERS = Collections.synchronizedMap(new LinkedHashMap<>());

  private final String rule;
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

  private RuleStatementCheck(String rule) {
    this.rule = rule;
  }

  /** The rule's statement as an object model, checked; a {@link RuleException} names the rule and what it may not do. */
  static EPStatementObjectModel check(String rule, String epl, Configuration configuration) {
    EPCompiler compiler = EPCompilerProvider.getCompiler();
    Module module;
    try {
      module = compiler.parseModule(epl);
    } catch (Exception e) {
      throw new RuleException("rule '" + rule + "' does not compile: " + e.getMessage(), e);
    }
    RuleStatementCheck check = new RuleStatementCheck(rule);
    if (!module.getImports().isEmpty()) {
      check.refuse("import " + String.join(", ", module.getImports()));
    }
    if (!module.getUses().isEmpty() || module.getName() != null) {
      check.refuse("a module declaration ('module' or 'uses')");
    }
    List<ModuleItem> statements = module.getItems().stream().filter(i -> !i.isCommentOnly()).toList();
    if (statements.size() != 1) {
      check.refuse(statements.size() + " statements (a rule is one select statement)");
    }
    EPStatementObjectModel model;
    try {
      model = compiler.eplToModel(statements.get(0).getExpression(), configuration);
    } catch (EPCompileException e) {
      throw new RuleException("rule '" + rule + "' does not compile: " + e.getMessage(), e);
    }
    check.visit(model);
    return model;
  }

  private void refuse(String what) {
    throw new RuleException("rule '" + rule + "' is refused: it uses " + what + "; " + ALLOWED);
  }

  private void visit(Object node) {
    if (node == null || node instanceof String || node instanceof Number || node instanceof Enum<?> || !seen.add(node)) {
      return;
    }
    if (node instanceof Collection<?> c) {
      c.forEach(this::visit);
    } else if (node instanceof Map<?, ?> m) {
      m.keySet().forEach(this::visit);
      m.values().forEach(this::visit);
    } else if (node.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(node); i++) {
        visit(Array.get(node, i));
      }
    } else if (node.getClass().getName().startsWith(SODA)) {
      inspect(node);
      for (Method getter : getters(node.getClass())) {
        try {
          visit(getter.invoke(node));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new RuleException("rule '" + rule + "' cannot be checked: " + getter + ": " + e, e);
        }
      }
    }
  }

  /** Every public getter of an object model class: whatever it holds is visited, whichever clause it is. */
  private static List<Method> getters(Class<?> type) {
    return GETTERS.computeIfAbsent(type, t -> {
      List<Method> out = new ArrayList<>();
      for (Method m : t.getMethods()) {
        if (m.getParameterCount() == 0 && m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers())
            && (m.getName().startsWith("get") || m.getName().startsWith("is"))) {
          out.add(m);
        }
      }
      return out;
    });
  }

  private void inspect(Object node) {
    if (node instanceof EPStatementObjectModel m) {
      statement(m);
    } else if (node instanceof AnnotationPart a && !ANNOTATIONS.contains(a.getName().toLowerCase(Locale.ROOT))) {
      refuse("the annotation @" + a.getName());
    } else if (node instanceof ScriptExpression s) {
      refuse("a script (expression " + s.getOptionalDialect() + ":" + s.getName() + ")");
    } else if (node instanceof ClassProvidedExpression) {
      refuse("an inlined class (inlined_class)");
    } else if (node instanceof NewInstanceOperatorExpression n) {
      refuse("new " + n.getClassName() + "(...)");
    } else if (node instanceof MethodInvocationStream s) {
      refuse("a method join (method:" + s.getClassName() + "." + s.getMethodName() + ")");
    } else if (node instanceof SQLStream) {
      refuse("a database join (sql:)");
    } else if (node instanceof PropertyValueExpression p) {
      property(p.getPropertyName());
    } else if (node instanceof DotExpression d) {
      chain(d.getChildren().isEmpty() ? null : "a value", d.getChain());
    } else if (node instanceof StaticMethodExpression s) {
      List<DotExpressionItem> items = new ArrayList<>();
      items.add(new DotExpressionItemName(s.getClassName()));
      items.addAll(s.getChain());
      chain(null, items);
    } else if (node instanceof SingleRowMethodExpression s) {
      chain(null, s.getChain());
    }
  }

  private void statement(EPStatementObjectModel m) {
    Map<String, Object> clauses = new LinkedHashMap<>();
    clauses.put("create window", m.getCreateWindow());
    clauses.put("create variable", m.getCreateVariable());
    clauses.put("create table", m.getCreateTable());
    clauses.put("create index", m.getCreateIndex());
    clauses.put("create schema", m.getCreateSchema());
    clauses.put("create context", m.getCreateContext());
    clauses.put("create dataflow", m.getCreateDataFlow());
    clauses.put("create expression", m.getCreateExpression());
    clauses.put("create inlined_class", m.getCreateClass());
    clauses.put("an on-trigger (on ...)", m.getOnExpr());
    clauses.put("update istream", m.getUpdateClause());
    clauses.put("a fire-and-forget query", m.getFireAndForgetClause());
    clauses.put("insert into", m.getInsertInto());
    clauses.put("into table", m.getIntoTableClause());
    clauses.put("a context (context ...)", m.getContextName());
    clauses.forEach((what, clause) -> {
      if (clause != null) {
        refuse(what);
      }
    });
    if (!m.getScriptExpressions().isEmpty()) {
      ScriptExpression s = m.getScriptExpressions().get(0);
      refuse("a script (expression " + s.getOptionalDialect() + ":" + s.getName() + ")");
    }
    if (!m.getClassProvidedExpressions().isEmpty()) {
      refuse("an inlined class (inlined_class)");
    }
    if (m.getSelectClause() == null || m.getFromClause() == null) {
      refuse("a statement that is not a select (a rule is one select statement)");
    }
  }

  /**
   * A chain {@code head.a(...).b.c(...)}: {@code on} says what the first item applies to (null: the chain
   * starts with a name or a function).
   */
  private void chain(String on, List<DotExpressionItem> items) {
    int i = 0;
    String receiver = on;
    boolean onMath = false;
    if (on == null && !items.isEmpty()) {
      DotExpressionItem head = items.get(0);
      if (head instanceof DotExpressionItemName n) {
        onMath = n.getName().equals("Math");
        if (!onMath) {
          property(n.getName());
        }
        receiver = n.getName();
      } else {
        receiver = "a function's result"; // a function of Esper's or a declared expression: checked as such
      }
      i = 1;
    }
    for (; i < items.size(); i++) {
      DotExpressionItem item = items.get(i);
      boolean first = onMath && i == 1;
      if (item instanceof DotExpressionItemCall c) {
        boolean helper = first && MATH_FUNCTIONS.contains(c.getName());
        if (!helper && !ESPER_METHODS.contains(c.getName().toLowerCase(Locale.ROOT))) {
          refuse("the method call " + c.getName() + "(...) on " + receiver
              + (first ? " (not a function of java.lang.Math)" : ""));
        }
      } else if (item instanceof DotExpressionItemName n) {
        boolean constant = first && MATH_CONSTANTS.contains(n.getName());
        if (!constant && !EVENT_PROPERTIES.contains(n.getName())) {
          refuse("the property '" + n.getName() + "' of " + receiver);
        }
      }
      receiver = "a value";
    }
  }

  /**
   * {@code property} or {@code alias.property} (a misspelt one is left to Esper's message): nothing nested,
   * nothing dynamic, and no {@code Class.method('text')} (which reads like a mapped property).
   */
  private void property(String name) {
    if (name.contains("?")) {
      refuse("the dynamic property '" + name + "'");
    }
    List<String> parts = new ArrayList<>(); // split at the dots outside quotes, (key) and [index]
    StringBuilder part = new StringBuilder();
    char quote = 0;
    int depth = 0;
    for (char ch : name.toCharArray()) {
      if (quote != 0) {
        quote = ch == quote ? 0 : quote;
      } else if (ch == '`' || ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '(' || ch == '[') {
        depth++;
      } else if (ch == ')' || ch == ']') {
        depth--;
      } else if (ch == '.' && depth == 0) {
        parts.add(part.toString());
        part.setLength(0);
        continue;
      }
      part.append(ch);
    }
    parts.add(part.toString());
    if (parts.size() > 2) {
      refuse("the name '" + name + "' (a class, or a property of a property)");
    }
    if (parts.size() == 2 && parts.get(1).contains("(")) {
      String property = parts.get(1).substring(0, parts.get(1).indexOf('('));
      if (!EVENT_PROPERTIES.contains(property)) {
        refuse("the call '" + name + "'");
      }
    }
  }
}
