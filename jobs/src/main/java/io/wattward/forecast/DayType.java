package io.wattward.forecast;

/** How a day is used: a load profile depends more on this than on the weekday's name. */
public enum DayType {
  WORKING,
  /** A regular day off (Saturday and Sunday by default). */
  WEEKEND,
  /** A public holiday or a site closure day that would otherwise be a working day. */
  HOLIDAY;

  public boolean working() {
    return this == WORKING;
  }
}
