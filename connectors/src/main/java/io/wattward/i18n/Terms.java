package io.wattward.i18n;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * WattWard's vocabulary in one language, shared by the reports and the notifier: energy types, the
 * national guideline's electricity sub-items, units, anomaly kinds, severities and statuses, the
 * currency, months, dates and numbers. The words live in {@code wattward/i18n/terms*.properties}.
 *
 * <p>In English the codes themselves are the words (ELECTRICITY, JUMP, WARNING): they are what
 * settings, routes and the tables' machine-readable files name, and what English readers have always
 * seen. A code the bundle does not know (a new energy type, a unit of a custom meter) is shown as it is.
 */
public final class Terms {

  /** Kinds of anomaly raised by a user's rule: {@code RULE:<rule name>}. */
  private static final String RULE_PREFIX = "RULE:";

  private final Language language;
  private final ResourceBundle bundle;
  private final DateTimeFormatter month;
  private final DateTimeFormatter date;

  private Terms(Language language) {
    this.language = language;
    this.bundle = language.bundle("wattward/i18n/terms");
    this.month = DateTimeFormatter.ofPattern(bundle.getString("format.month"), language.locale());
    this.date = DateTimeFormatter.ofPattern(bundle.getString("format.date"), language.locale());
  }

  public static Terms of(Language language) {
    return new Terms(language);
  }

  public Language language() {
    return language;
  }

  /** ELECTRICITY, WATER, NATURAL_GAS, ... (the Avro {@code EnergyType}). */
  public String energyType(String code) {
    return word("energy." + code, code);
  }

  /** A sub-item code of the national guideline, e.g. 01A00 lighting and sockets. */
  public String subItem(String code) {
    return word("subItem." + code, code);
  }

  /** A unit as WattWard writes it (kWh, m3, t, GJ, ...). */
  public String unit(String unit) {
    return word("unit." + unit, unit);
  }

  /** An anomaly's kind: a detector's (JUMP, OFFLINE, ...) or a user rule's {@code RULE:<name>}. */
  public String anomalyKind(String kind) {
    if (kind.startsWith(RULE_PREFIX)) {
      return bundle.getString("kind.RULE") + kind.substring(RULE_PREFIX.length());
    }
    return word("kind." + kind, kind);
  }

  /** INFO, WARNING, CRITICAL. */
  public String severity(String severity) {
    return word("severity." + severity, severity);
  }

  /** An anomaly's status: OPEN, UPDATE, RESOLVED. */
  public String status(String status) {
    return word("status." + status, status);
  }

  /** A quota status: OK, WARNING, ALARM. */
  public String quotaStatus(String status) {
    return word("quota." + status, status);
  }

  /** What money is counted in: 元 or CNY. */
  public String currency() {
    return bundle.getString("currency");
  }

  /** November 2026 as people write it: 2026年11月, 2026-11. */
  public String month(YearMonth m) {
    return month.format(m);
  }

  /** 2026年11月27日, 2026-11-27. */
  public String date(LocalDate d) {
    return date.format(d);
  }

  /** A number grouped by thousands, at most two decimals: 3,000 and 83.33 (the same in both languages). */
  public String number(double value) {
    return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
  }

  /** An amount of money: 2,475 元, 2,475 CNY. */
  public String money(double amount) {
    return number(amount) + " " + currency();
  }

  private String word(String key, String fallback) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return fallback;
    }
  }
}
