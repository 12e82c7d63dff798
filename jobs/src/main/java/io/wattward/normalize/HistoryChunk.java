package io.wattward.normalize;

import java.util.List;

/**
 * A piece of a meter's history (see {@link SplitLedger}): applied points and written minutes, each list in time
 * order. Not changed once made; the ledger works on copies.
 */
public final class HistoryChunk {
  public final List<RegisterPoint> points;
  public final List<MinuteState> minutes;

  public HistoryChunk(List<RegisterPoint> points, List<MinuteState> minutes) {
    this.points = points;
    this.minutes = minutes;
  }
}
