package io.wattward.hierarchy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual meter's definition: a linear combination of meters, written with spaces around the
 * operators because meter ids contain hyphens: {@code IP2-F05-PW - IP2-EQ-LIFT},
 * {@code 0.5 * IP2-CH-01 + 0.5 * IP2-CH-02}.
 */
public record Formula(List<Term> terms) implements Serializable {

  public record Term(double coefficient, String meterId) implements Serializable {}

  public static Formula parse(String text) {
    String[] tokens = text.strip().split("\\s+");
    List<Term> terms = new ArrayList<>();
    double sign = 1;
    int i = 0;
    while (i < tokens.length) {
      double coefficient = sign;
      if (i + 2 < tokens.length + 1 && i + 1 < tokens.length && tokens[i + 1].equals("*")) {
        coefficient *= number(tokens[i], text);
        i += 2;
      }
      if (i >= tokens.length || isOperator(tokens[i])) {
        throw new IllegalArgumentException("formula '" + text + "': a meter id is missing");
      }
      terms.add(new Term(coefficient, tokens[i]));
      i++;
      if (i < tokens.length) {
        if (tokens[i].equals("+")) {
          sign = 1;
        } else if (tokens[i].equals("-")) {
          sign = -1;
        } else {
          throw new IllegalArgumentException("formula '" + text + "': expected + or - before '" + tokens[i]
              + "' (put spaces around operators)");
        }
        i++;
        if (i == tokens.length) {
          throw new IllegalArgumentException("formula '" + text + "' ends with an operator");
        }
      }
    }
    return new Formula(List.copyOf(terms));
  }

  private static boolean isOperator(String t) {
    return t.equals("+") || t.equals("-") || t.equals("*");
  }

  private static double number(String token, String text) {
    try {
      return Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("formula '" + text + "': '" + token + "' is not a number");
    }
  }
}
