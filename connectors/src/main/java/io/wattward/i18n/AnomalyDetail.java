package io.wattward.i18n;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * What an anomaly is about, in one sentence its readers read naturally: in English the detector's own text;
 * in Chinese the same facts composed from the anomaly's fields with the {@code detail.<kind>} patterns of
 * {@code wattward/i18n/detail}, or the detector's text for a kind (or fields) the patterns cannot phrase.
 * The notifier's messages and the web cockpit's anomaly table say the same.
 */
public final class AnomalyDetail {

  /** The fields of an anomaly (its Avro record, or its row in ClickHouse {@code anomalies}) a sentence uses. */
  public record Fields(String kind, String subject, String severity, String unit, double expected, double actual,
      double peakDeviationPct, String detail) {}

  private final Phrases text;
  private final Terms terms;

  public AnomalyDetail(Language language) {
    this.text = new Phrases(language, "wattward/i18n/detail");
    this.terms = Terms.of(language);
  }

  public String of(Fields a) {
    if (text.language() == Language.EN) {
      return a.detail();
    }
    String composed = composed(a);
    return composed == null ? a.detail() : composed;
  }

  private String composed(Fields a) {
    String kind = a.kind();
    String unit = terms.unit(a.unit());
    return switch (kind) {
      // expected: what the load model expected of the hour (at the opening: of the hours of its run); actual: the use
      case "JUMP" -> text.get("detail.JUMP", amount(a.actual()), amount(a.expected()), unit,
          pct(a.peakDeviationPct()));
      // expected: the load model's expectation of the night per hour; actual: the night's mean per hour
      case "NIGHT_BASE_LOAD" -> text.get("detail.NIGHT_BASE_LOAD", amount(a.actual()), amount(a.expected()), unit,
          pct(a.peakDeviationPct()));
      // actual: the constant value of each step; 0 only when use was usual in the stretch
      case "FLATLINE" -> text.get(a.actual() == 0 ? "detail.FLATLINE.zero" : "detail.FLATLINE");
      // started where the data stopped
      case "OFFLINE" -> text.get("detail.OFFLINE"); // since when: the line says it already
      // subject: the factor; actual: its value when the anomaly opened
      case "ENV_OUT_OF_RANGE" -> envOutOfRange(a);
      // expected: the forecast for the hour; actual: the hour's use (raised by earlier builds)
      case "FORECAST_RESIDUAL" -> text.get("detail.FORECAST_RESIDUAL", amount(a.actual()), amount(a.expected()),
          unit, pct(a.peakDeviationPct()));
      // subject: the period; expected: the quota; actual: the projection for the period's end
      case "QUOTA" -> quota(a, unit);
      default -> kind.startsWith("RULE:") ? rule(a) : null;
    };
  }

  private String envOutOfRange(Fields a) {
    String factor = text.find("env." + a.subject());
    if (factor == null) {
      return null;
    }
    String unit = text.find("env.unit." + a.unit());
    return text.get("detail.ENV_OUT_OF_RANGE", factor, String.format(Locale.ROOT, "%.1f", a.actual()),
        unit != null ? unit : a.unit().isEmpty() ? "" : " " + a.unit());
  }

  private String quota(Fields a, String unit) {
    String period;
    try {
      period = a.subject().length() == 4 ? text.get("quota.year", Integer.parseInt(a.subject()) + "")
          : terms.month(YearMonth.parse(a.subject()));
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
    if (a.expected() <= 0) {
      return null;
    }
    // a critical quota anomaly is an ALARM: what is used already exceeds the quota
    return text.get("CRITICAL".equals(a.severity()) ? "detail.QUOTA.exceeded" : "detail.QUOTA", period,
        amount(a.expected()), amount(a.actual()), unit,
        String.format(Locale.ROOT, "%.1f%%", 100 * a.actual() / a.expected()));
  }

  /** A rule's value and its expected value (the threshold); a rule that selects neither: its own text. */
  private String rule(Fields a) {
    String name = a.kind().substring("RULE:".length());
    if (a.expected() != 0) {
      return text.get("detail.RULE", name, terms.number(a.actual()), terms.number(a.expected()));
    }
    return a.actual() != 0 ? text.get("detail.RULE.value", name, terms.number(a.actual())) : null;
  }

  private static String amount(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String pct(double value) {
    return String.format(Locale.ROOT, "%+.1f%%", value);
  }
}
