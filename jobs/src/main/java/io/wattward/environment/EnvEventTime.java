package io.wattward.environment;

import io.wattward.connectors.kafka.RawRecordDeserializer;
import io.wattward.schema.EnvReading;

/**
 * The event time of a raw environment reading, for the source's watermarks; none for a reading stamped
 * further ahead of the clock than validation allows (it is dead-lettered and must not move time).
 */
public final class EnvEventTime implements RawRecordDeserializer.EventTime {

  private final long maxFutureSkewMs;

  public EnvEventTime(long maxFutureSkewMs) {
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  @Override
  public long of(byte[] value) {
    try {
      long t = EnvReading.getDecoder().decode(value).getEventTime().toEpochMilli();
      return t > System.currentTimeMillis() + maxFutureSkewMs ? Long.MIN_VALUE : t;
    } catch (Exception e) {
      return Long.MIN_VALUE;
    }
  }
}
