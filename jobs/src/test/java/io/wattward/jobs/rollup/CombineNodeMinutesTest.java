package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.rollup.NodeContribution;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CombineNodeMinutesTest {

  private static final long MINUTE = 1_800_000_000_000L;
  private OneInputStreamOperatorTestHarness<NodeContribution, NodeContribution> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new CombineNodeMinutes());
    harness.setProcessingTime(0);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void contribute(String key, long minute, long milli) throws Exception {
    NodeContribution c = new NodeContribution();
    c.key = key;
    c.minuteStartMs = minute;
    c.deltaMilli = milli;
    c.deltaMeterMinutes = 1;
    c.metersExpected = 3;
    harness.processElement(new StreamRecord<>(c, minute + 60_000));
  }

  /** The output in order: node-minute sums as "key minute milli/meter-minutes", watermarks as "W minute". */
  private List<String> output() {
    List<String> out = new ArrayList<>();
    for (Object o : harness.getOutput()) {
      if (o instanceof Watermark w) {
        out.add("W " + (w.getTimestamp() - MINUTE) / 60_000);
      } else if (o instanceof StreamRecord<?> r && r.getValue() instanceof NodeContribution c) {
        out.add(c.key + " " + (c.minuteStartMs - MINUTE) / 60_000 + " " + c.deltaMilli + "/" + c.deltaMeterMinutes);
      }
    }
    return out;
  }

  @Test
  void theSumsGoOutBeforeTheWatermarkThatFollowsThem() throws Exception {
    contribute("F07", MINUTE, 100);
    contribute("F07", MINUTE, 200);
    contribute("F07", MINUTE, 300);
    assertThat(output()).as("held until the watermark").isEmpty();

    harness.processWatermark(new Watermark(MINUTE + 60_000));
    contribute("F07", MINUTE + 60_000, 50);
    harness.processWatermark(new Watermark(MINUTE + 120_000));

    assertThat(output()).containsExactly("F07 0 600/3", "W 1", "F07 1 50/1", "W 2");
  }

  @Test
  void theSumsGoOutBeforeTheInputTurnsIdle() throws Exception {
    contribute("F07", MINUTE, 100);
    contribute("F07", MINUTE, 200);

    harness.processWatermarkStatus(WatermarkStatus.IDLE);

    assertThat(output()).containsExactly("F07 0 300/2");
    assertThat(harness.getOutput()).last().isEqualTo(WatermarkStatus.IDLE);
  }

  @Test
  void nothingWaitsAcrossACheckpoint() throws Exception {
    contribute("F07", MINUTE, 100);
    contribute("F08", MINUTE, 200);

    harness.prepareSnapshotPreBarrier(1);

    assertThat(output()).containsExactlyInAnyOrder("F07 0 100/1", "F08 0 200/1");
    var snapshot = harness.snapshot(1, 1);
    assertThat(snapshot.getManagedOperatorState()).as("no operator state").isEmpty();
  }

  @Test
  void aContributionWhileTheInputIsIdleGoesOutWithinASecond() throws Exception {
    contribute("F07", MINUTE, 100);
    harness.setProcessingTime(999);
    assertThat(output()).isEmpty();

    harness.setProcessingTime(1_000);

    assertThat(output()).containsExactly("F07 0 100/1");
  }

  @Test
  void theEndOfABoundedInputFlushes() throws Exception {
    contribute("F07", MINUTE, 100);

    harness.endInput();

    assertThat(output()).containsExactly("F07 0 100/1");
  }
}
