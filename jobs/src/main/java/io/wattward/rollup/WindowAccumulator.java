package io.wattward.rollup;

/**
 * The arithmetic of one window, as the {@link WindowLifecycle} drives it: contributions are added while
 * the window is open; the lifecycle counts how often it has been written ({@link #version()}).
 *
 * @param <C> what one contribution brings
 * @param <A> the accumulator type itself
 */
public interface WindowAccumulator<C, A> {

  /** Adds one contribution to this window, of the given size. */
  void add(C contribution, WindowSize size);

  /**
   * One minute of this window is complete (its window is {@code minute}); called before the window is
   * written, and only by a lifecycle that writes windows {@link WindowLifecycle.Firing#ONCE_COMPLETE}.
   */
  default void minuteComplete(A minute) {}

  /** How many times the window has been written; 0 before its first writing. */
  long version();

  void version(long version);
}
