package io.wattward.i18n;

import java.util.Arrays;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * The language people read WattWard's reports and messages in: Simplified Chinese, the hospital's
 * own, or English. Settings name it by its BCP 47 tag ({@code zh-CN}, {@code en}).
 */
public enum Language {
  ZH_CN("zh-CN", Locale.SIMPLIFIED_CHINESE),
  EN("en", Locale.ENGLISH);

  private final String tag;
  private final Locale locale;

  Language(String tag, Locale locale) {
    this.tag = tag;
    this.locale = locale;
  }

  public String tag() {
    return tag;
  }

  public Locale locale() {
    return locale;
  }

  /**
   * The language of a setting's value; {@code setting} names the setting in the message of a value that
   * is none of the tags.
   */
  public static Language of(String tag, String setting) {
    for (Language l : values()) {
      if (l.tag.equalsIgnoreCase(tag == null ? "" : tag.trim())) {
        return l;
      }
    }
    throw new IllegalArgumentException(setting + ": '" + tag + "' is not a language WattWard writes in ("
        + Arrays.stream(values()).map(Language::tag).collect(Collectors.joining(", ")) + ")");
  }

  /**
   * The bundle {@code baseName} in this language. The JVM's default locale plays no part: a server
   * started with an English default still writes Chinese when asked to, and English is the bundle
   * without a suffix.
   */
  public ResourceBundle bundle(String baseName) {
    return ResourceBundle.getBundle(baseName, locale, Language.class.getClassLoader(),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }
}
