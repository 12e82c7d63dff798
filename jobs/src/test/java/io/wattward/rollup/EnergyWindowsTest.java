package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's windows in arrays ordered by key: found, added anywhere, changed only through put, removed. */
class EnergyWindowsTest {

  private static EnergyAccumulator window(long milli) {
    EnergyAccumulator a = new EnergyAccumulator();
    a.consumptionMilli = milli;
    a.meterMinutes = 1;
    a.metersExpected = 2;
    a.cost = milli / 1000.0;
    a.version = 0;
    return a;
  }

  @Test
  void windowsAddedInAnyOrderAreKeptInOrderOfTheirKey() {
    EnergyWindows w = new EnergyWindows();
    // 40 keys, even ones first (appended), then the odd ones between them, then one before all
    for (long k = 2; k <= 40; k += 2) {
      w.put(k, window(k * 100));
    }
    for (long k = 3; k <= 39; k += 2) {
      w.put(k, window(k * 100));
    }
    w.put(1, window(100));
    List<Long> expected = new ArrayList<>();
    for (long k = 1; k <= 40; k++) {
      expected.add(k);
    }
    assertThat(w.keys()).containsExactlyElementsOf(expected);
    assertThat(w.size()).isEqualTo(40);
    assertThat(w.get(17).consumptionMilli).isEqualTo(1_700);
    assertThat(w.get(41)).isNull();
    assertThat(w.get(0)).isNull();
  }

  @Test
  void aWindowChangesOnlyWhenPutBackAndRemovedOnesAreGone() {
    EnergyWindows w = new EnergyWindows();
    for (long k = 1; k <= 5; k++) {
      w.put(k * 4, window(k * 1_000));
    }
    EnergyAccumulator third = w.get(12);
    third.consumptionMilli += 500;
    assertThat(w.get(12).consumptionMilli).isEqualTo(3_000); // a copy: not yet put back
    w.put(12, third);
    assertThat(w.get(12).consumptionMilli).isEqualTo(3_500);
    assertThat(w.get(12).version).isZero();

    w.remove(12);
    w.remove(4);
    w.remove(99); // not open: nothing happens
    assertThat(w.keys()).containsExactly(8L, 16L, 20L);
    assertThat(w.get(16).consumptionMilli).isEqualTo(4_000);
    assertThat(w.get(20).consumptionMilli).isEqualTo(5_000);
    w.remove(8);
    w.remove(16);
    w.remove(20);
    assertThat(w.isEmpty()).isTrue();
  }
}
