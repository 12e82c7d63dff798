package io.wattward.i18n;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The sentences of one part of WattWard (the reports, the notifier) in one language, from a resource
 * bundle of {@link MessageFormat} patterns: {@code {0}} takes the first argument, a quote is written
 * {@code ''}. Arguments come already formatted (see {@link Terms}), so the patterns hold words only.
 */
public final class Phrases {

  private final Language language;
  private final ResourceBundle bundle;

  public Phrases(Language language, String baseName) {
    this.language = language;
    this.bundle = language.bundle(baseName);
  }

  public Language language() {
    return language;
  }

  public String get(String key, Object... args) {
    return new MessageFormat(bundle.getString(key), language.locale()).format(args);
  }

  /** The sentence, or null when the bundle has no {@code key} (a word only some codes have). */
  public String find(String key, Object... args) {
    try {
      return get(key, args);
    } catch (MissingResourceException e) {
      return null;
    }
  }
}
