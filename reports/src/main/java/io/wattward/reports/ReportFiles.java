package io.wattward.reports;

import io.wattward.i18n.Language;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What one report run wrote: the folder and each file in it, in {@code language}. */
public record ReportFiles(DepartmentReport report, Language language, Path folder, Path html, Path pdf, Path xlsx, List<Path> csv,
    List<Path> charts, Path firstPagePng, int pdfPages) {

  /** Every file of the report, for copying it elsewhere. */
  public List<Path> all() {
    List<Path> files = new ArrayList<>(List.of(html, pdf, xlsx, firstPagePng));
    files.addAll(csv);
    files.addAll(charts);
    return files;
  }
}
