package io.wattward.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Outdoor air temperature of a humid subtropical city (the reference hospital's climate): a
 * seasonal swing from about 4 degrees C in January to 29 in July, a daily swing of about 7 degrees
 * peaking mid-afternoon, and slow day-to-day weather drifting a few degrees either side.
 */
public final class Weather {

  private final ZoneId zone;
  private final long seed;

  public Weather(ZoneId zone, long seed) {
    this.zone = zone;
    this.seed = seed;
  }

  public double temperatureC(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    double dayOfYear = local.getDayOfYear() + local.getHour() / 24.0 + local.getMinute() / 1440.0;
    double seasonal = 16.5 - 12.5 * Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.25);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double daily = 3.5 * Math.sin(2 * Math.PI * (hour - 9) / 24.0);
    // weather fronts: a smooth pseudo-random walk, the same for the same seed and day
    long day = Math.floorDiv(t.getEpochSecond(), 86_400);
    double frac = (t.getEpochSecond() - day * 86_400) / 86_400.0;
    double front = lerp(noise(day), noise(day + 1), frac) * 3.0;
    return seasonal + daily + front;
  }

  private double noise(long day) {
    long h = (day * 0x9E3779B97F4A7C15L) ^ seed;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    return ((h >>> 11) / (double) (1L << 53)) * 2 - 1;
  }

  private static double lerp(double a, double b, double f) {
    return a + (b - a) * f;
  }
}
