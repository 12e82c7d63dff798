package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompilerThreadsCpuTest {

  @Test
  void readsUserAndSystemTicksAfterTheThreadsName() {
    // a stat line of a C2 compiler thread (fields 14 and 15: 4,211 and 35 ticks); the name holds a space and a ')'
    String stat = "2167 (C2 Compiler)x) S 2074 2074 1315 0 -1 1077936192 58051 0 1 0 4211 35 0 0 20 0 41 0 11868 "
        + "5287477248 563412 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 -1 1 0 0 0 0 0";
    assertThat(CompilerThreadsCpu.ticks(stat)).isEqualTo(4_246);
  }

  @Test
  void countsOnlyWhatTheCompilersUseFromItsStart() throws Exception {
    try (CompilerThreadsCpu jit = CompilerThreadsCpu.start()) {
      double first = jit.seconds();
      Thread.sleep(3 * CompilerThreadsCpu.EVERY_MS);
      double later = jit.seconds();
      // this JVM (Linux) has compiler threads; they used nothing or little since the start, never less than nothing
      assertThat(first).isGreaterThanOrEqualTo(0).isLessThan(5);
      assertThat(later).isGreaterThanOrEqualTo(first);
    }
  }
}
