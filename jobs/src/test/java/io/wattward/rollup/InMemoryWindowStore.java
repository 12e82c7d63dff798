package io.wattward.rollup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/** A {@link WindowStore} in two plain collections, for tests of the lifecycle without Flink. */
final class InMemoryWindowStore<A> implements WindowStore<A> {
  final TreeMap<Long, A> windows = new TreeMap<>();
  final Set<Long> rewrite = new LinkedHashSet<>();

  @Override
  public A get(long key) {
    return windows.get(key);
  }

  @Override
  public void put(long key, A window) {
    windows.put(key, window);
  }

  @Override
  public void remove(long key) {
    windows.remove(key);
  }

  @Override
  public void markRewrite(long key) {
    rewrite.add(key);
  }

  @Override
  public void unmarkRewrite(long key) {
    if (!rewrite.remove(key)) {
      throw new IllegalStateException("unmarked a key that was not marked: " + key);
    }
  }

  @Override
  public Iterable<Long> rewrites() {
    return new ArrayList<>(rewrite);
  }
}
