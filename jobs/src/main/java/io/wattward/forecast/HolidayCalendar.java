package io.wattward.forecast;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The day type of each date at one site: weekend days, public holidays, site closures, and weekend
 * days that are worked (make-up working days, as in the Chinese calendar).
 *
 * <p>Read from a CSV file, one date a line: {@code date,kind,name} with kind {@code holiday},
 * {@code closure} or {@code workday}; blank lines and lines starting with {@code #} are ignored. A
 * line {@code weekend,SATURDAY SUNDAY} (any order, before or after the dates) sets the weekend days.
 * A holiday and a closure are the same {@link DayType#HOLIDAY} to the forecaster; the kinds differ
 * only for the people who keep the file. Dates outside the file are working days or weekend days by
 * their weekday, so a calendar must be extended each year.
 */
public final class HolidayCalendar implements Serializable {

  /** The calendar of the Cambridge development data: England and Wales bank holidays and the University's Christmas closure. */
  public static final String CAMBRIDGE_RESOURCE = "wattward/forecast/calendar-gb-cambridge.csv";

  private final Set<DayOfWeek> weekend;
  private final Map<LocalDate, DayType> exceptions;

  public HolidayCalendar(Set<DayOfWeek> weekend, Map<LocalDate, DayType> exceptions) {
    this.weekend = weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend);
    this.exceptions = new HashMap<>(exceptions);
  }

  /** Saturday and Sunday off, no holidays. */
  public static HolidayCalendar weekendsOnly() {
    return new HolidayCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Map.of());
  }

  public DayType dayType(LocalDate date) {
    DayType exception = exceptions.get(date);
    if (exception != null) {
      return exception;
    }
    return weekend.contains(date.getDayOfWeek()) ? DayType.WEEKEND : DayType.WORKING;
  }

  public static HolidayCalendar fromResource(String name) {
    InputStream in = HolidayCalendar.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalArgumentException("calendar resource not found: " + name);
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse(reader, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HolidayCalendar fromFile(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @param source names the input in error messages */
  public static HolidayCalendar parse(Reader reader, String source) throws IOException {
    Set<DayOfWeek> weekend = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    Map<LocalDate, DayType> exceptions = new HashMap<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(true).setTrim(true).build();
    try (CSVParser rows = CSVParser.parse(reader, format)) {
      for (CSVRecord row : rows) {
        String where = source + " line " + rows.getCurrentLineNumber() + ": ";
        String first = row.get(0);
        if (first.equals("date")) {
          continue; // the header
        }
        if (first.equals("weekend")) {
          weekend = weekend(row.size() > 1 ? row.get(1) : "", where);
          continue;
        }
        if (row.size() < 2) {
          throw new IllegalArgumentException(where + "expected date,kind[,name] but got '" + first + "'");
        }
        LocalDate date = date(first, where);
        if (exceptions.put(date, kind(row.get(1), where)) != null) {
          throw new IllegalArgumentException(where + "date " + date + " is listed twice");
        }
      }
    }
    return new HolidayCalendar(weekend, exceptions);
  }

  private static Set<DayOfWeek> weekend(String days, String where) {
    Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
    for (String day : days.split("\\s+")) {
      if (!day.isEmpty()) {
        try {
          weekend.add(DayOfWeek.valueOf(day.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + "unknown weekday '" + day + "'");
        }
      }
    }
    return weekend;
  }

  private static LocalDate date(String text, String where) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + "bad date '" + text + "'");
    }
  }

  private static DayType kind(String text, String where) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "holiday", "closure" -> DayType.HOLIDAY;
      case "workday" -> DayType.WORKING;
      default -> throw new IllegalArgumentException(where + "kind must be holiday, closure or workday, not '"
          + text + "'");
    };
  }
}
