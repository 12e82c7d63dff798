package io.wattward.kpi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** A CSV file with a header row and '#' comments, read row by row; a row that fails names its file and line. */
final class CsvRows {
  private CsvRows() {}

  static <T> List<T> read(Path file, Function<CSVRecord, T> row) throws IOException {
    List<T> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
          .setIgnoreEmptyLines(true).build().parse(in)) {
        try {
          out.add(row.apply(r));
        } catch (RuntimeException e) {
          throw new IOException(file + " line " + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }
}
