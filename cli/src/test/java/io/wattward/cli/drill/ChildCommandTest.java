package io.wattward.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildCommandTest {

  @Test
  void sigintIsIgnoredWhenTheSecondBitOfTheIgnoredMaskIsSet() {
    // as /proc/PID/status shows them: a job started in the background of a script ignores SIGINT (2) and SIGQUIT (3)
    assertThat(ChildCommand.ignoresSigint(List.of("Name:\tjava", "SigBlk:\t0000000000000000",
        "SigIgn:\t0000000000000006", "SigCgt:\t0000000100014e01"))).isTrue();
    // a foreground command ignores nothing, or other signals only (SIGPIPE, 13: bit 12)
    assertThat(ChildCommand.ignoresSigint(List.of("SigIgn:\t0000000000000000"))).isFalse();
    assertThat(ChildCommand.ignoresSigint(List.of("SigIgn:\t0000000000001000"))).isFalse();
    assertThat(ChildCommand.ignoresSigint(List.of("Name:\tjava"))).as("no mask: not Linux").isFalse();
  }
}
