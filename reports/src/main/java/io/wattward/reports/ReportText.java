package io.wattward.reports;

import io.wattward.i18n.Language;
import io.wattward.i18n.Phrases;

/**
 * The sentences of the department reports and their e-mail ({@code wattward/reports/text*.properties});
 * the words they share with the notifier (energy types, units, kinds) are {@link io.wattward.i18n.Terms}.
 */
final class ReportText {

  private ReportText() {}

  static Phrases of(Language language) {
    return new Phrases(language, "wattward/reports/text");
  }
}
