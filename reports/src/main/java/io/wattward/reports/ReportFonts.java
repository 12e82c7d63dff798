package io.wattward.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The font the reports draw Chinese (and other CJK) text with: department names and the like. The
 * built-in PDF fonts have Latin glyphs only, so the PDF embeds a CJK TrueType font (the first of
 * {@link #KNOWN} that exists: Debian's fonts-droid-fallback, which {@code scripts/infra.sh up} installs)
 * for the characters its Latin fonts lack. The charts draw with Java's logical sans-serif font, which
 * takes CJK glyphs from the fonts installed on the system. A report whose text needs CJK is refused
 * when either cannot draw it, rather than written with empty boxes.
 */
final class ReportFonts {

  /** The family name the HTML's CSS asks for after its Latin fonts. */
  static final String FAMILY = "WattWard CJK";

  static final List<Path> KNOWN = List.of(
      Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
      Path.of("/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf"),
      Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttf"));

  /**
   * The family the CSS asks for last, for the few symbols neither the Latin nor the CJK font has (the
   * subscript of kgCO₂): DejaVu Sans, which comes with every Java runtime's fonts on Debian.
   */
  static final String SYMBOLS_FAMILY = "WattWard Symbols";

  static final Path SYMBOLS = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

  private ReportFonts() {}

  /** The installed CJK font, or null if there is none. */
  static Path find() {
    return KNOWN.stream().filter(Files::isRegularFile).findFirst().orElse(null);
  }

  /** Whether the charts (Java's logical sans-serif font) can draw every character of the text. */
  static boolean chartsCanDraw(String text) {
    return new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12).canDisplayUpTo(text) == -1;
  }

  /** Whether the text has characters of a CJK script (Han, kana, Hangul, CJK punctuation). */
  static boolean needsCjk(String text) {
    return text.codePoints().anyMatch(c -> {
      Character.UnicodeScript s = Character.UnicodeScript.of(c);
      return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
          || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL
          || Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
          || Character.UnicodeBlock.of(c) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    });
  }
}
