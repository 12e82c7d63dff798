package io.wattward.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Environment references in the notification settings, so that no secret has to sit in the file: any
 * string value may hold {@code ${NAME}} (the whole value or a part of it, e.g. a robot URL's key), replaced
 * by the environment variable NAME; <code>$${</code> stands for a literal <code>${</code>. A reference to a variable
 * that is unset or empty is a problem that names the setting and the variable, so the notifier (and
 * {@code wattward notify --check}) refuses to start instead of sending to {@code key=} or signing with nothing.
 */
final class EnvironmentReferences {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvironmentReferences() {}

  /** Replaces the references in every string value of {@code tree}, in place; adds one problem per bad reference. */
  static void resolve(JsonNode tree, Map<String, String> env, List<String> problems) {
    walk(tree, "", env, problems);
  }

  private static void walk(JsonNode node, String path, Map<String, String> env, List<String> problems) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getValue().isTextual()) {
          e.setValue(new TextNode(substitute(e.getValue().asText(), at, env, problems)));
        } else {
          walk(e.getValue(), at, env, problems);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode element = a.get(i);
        // receivers[ip2-engineers] reads better in an error than receivers[0]
        String at = path + "[" + (element.path("name").isTextual() ? element.path("name").asText() : i) + "]";
        if (element.isTextual()) {
          a.set(i, new TextNode(substitute(element.asText(), at, env, problems)));
        } else {
          walk(element, at, env, problems);
        }
      }
    }
  }

  /** {@code text} with its references replaced; a bad one is left as written and reported. */
  static String substitute(String text, String setting, Map<String, String> env, List<String> problems) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        out.append(text.charAt(i++));
        continue;
      }
      int end = text.indexOf('}', i + 2);
      String name = end < 0 ? null : text.substring(i + 2, end);
      if (name == null || !NAME.matcher(name).matches()) {
        problems.add(setting + ": '" + text.substring(i, end < 0 ? text.length() : end + 1)
            + "' is not an environment reference (${NAME}, letters, digits and _; $${ for a literal ${)");
        return text;
      }
      String value = env.get(name);
      if (value == null || value.isEmpty()) {
        problems.add(setting + ": environment variable " + name + " is not set" + (value == null ? "" : " (empty)"));
        return text;
      }
      out.append(value);
      i = end + 1;
    }
    return out.toString();
  }
}
