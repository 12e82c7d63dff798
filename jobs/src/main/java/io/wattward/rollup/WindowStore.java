package io.wattward.rollup;

/**
 * Where a {@link WindowLifecycle} keeps the windows of one key (by {@link WindowLifecycle#key}) and the
 * keys of written windows that changed and are to be written again. An operator backs it with keyed state.
 */
public interface WindowStore<A> {

  /** The window, or null if it is not open. */
  A get(long key);

  void put(long key, A window);

  void remove(long key);

  void markRewrite(long key);

  /** Unmarks {@code key}, which is marked (the lifecycle knows from {@link #rewrites}). */
  void unmarkRewrite(long key);

  /** The keys marked to be written again (a copy: the caller may unmark while it goes through them). */
  Iterable<Long> rewrites();
}
