package io.wattward.jobs.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it is given, in memory, for a test on a MiniCluster in the same JVM (as the Flink
 * training exercises' collecting sinks do).
 */
public final class CollectingSink<T> implements Sink<T> {

  private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public CollectingSink() {
    COLLECTED.put(id, Collections.synchronizedList(new ArrayList<>()));
  }

  /** What the sink has been given so far, in the order its writers received it. */
  @SuppressWarnings("unchecked")
  public List<T> values() {
    List<Object> all = COLLECTED.get(id);
    synchronized (all) {
      return (List<T>) List.copyOf(all);
    }
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> into = COLLECTED.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        into.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
