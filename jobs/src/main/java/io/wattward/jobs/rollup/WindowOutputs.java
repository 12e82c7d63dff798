package io.wattward.jobs.rollup;

import io.wattward.rollup.WindowSize;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Where a windows operator's rows go: minute rows on its main output, each longer size on a side output of its
 * own, so that a row reaches only the sinks of its size (a chained consumer gets a copy of every record it is
 * offered, and five filters on one output made five copies of every row).
 */
final class WindowOutputs<T> {

  private final Map<WindowSize, OutputTag<T>> longer = new EnumMap<>(WindowSize.class);

  /** @param prefix the side outputs' names start with it, then the size's suffix ({@code 15m}, {@code 1h}, {@code 1d}) */
  WindowOutputs(String prefix, TypeInformation<T> type) {
    for (WindowSize size : WindowSize.values()) {
      if (size != WindowSize.MINUTE) {
        longer.put(size, new OutputTag<>(prefix + size.suffix, type));
      }
    }
  }

  /** The side output of a longer size; null for minutes (the main output). */
  OutputTag<T> tag(WindowSize size) {
    return longer.get(size);
  }

  <K, I> void emit(WindowSize size, T row, Collector<T> out, KeyedProcessFunction<K, I, T>.Context ctx) {
    if (size == WindowSize.MINUTE) {
      out.collect(row);
    } else {
      ctx.output(longer.get(size), row);
    }
  }
}
