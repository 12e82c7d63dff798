package io.wattward.ingest;

import io.wattward.connectors.kafka.RawRecordDeserializer;
import io.wattward.schema.MeterReading;

/**
 * The event time of a raw meter reading, for the source's watermarks. A reading stamped further ahead
 * of the clock than validation allows gets none: it will be dead-lettered, and must not drag every
 * other meter's event time into the future first.
 */
public final class ReadingEventTime implements RawRecordDeserializer.EventTime {

  private final long maxFutureSkewMs;

  public ReadingEventTime(long maxFutureSkewMs) {
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  @Override
  public long of(byte[] value) {
    try {
      long t = MeterReading.getDecoder().decode(value).getEventTime().toEpochMilli();
      return t > System.currentTimeMillis() + maxFutureSkewMs ? Long.MIN_VALUE : t;
    } catch (Exception e) {
      return Long.MIN_VALUE;
    }
  }
}
