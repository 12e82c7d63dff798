package io.wattward.jobs.common;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks of a control stream (topology, rules) that carries no event time of its own: it stays idle,
 * so the operators it is connected to follow the data's event time alone (an idle input does not count
 * toward a two-input operator's watermark; a stream with a watermark of its own, even the maximum, would
 * take over whenever the data went quiet).
 */
public final class AlwaysIdle<T> implements WatermarkGenerator<T> {
  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.markIdle();
  }
}
