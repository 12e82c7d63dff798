package io.wattward.jobs.rollup;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;

/** {@link NodeWindowsTest} on RocksDB, the state backend of the cluster, where state is touched differently. */
class NodeWindowsOnRocksDbTest extends NodeWindowsTest {

  @Override
  Optional<StateBackend> stateBackend() {
    return Optional.of(new EmbeddedRocksDBStateBackend());
  }

  /** The harness counts entries on the heap backend only: here, the keys that hold any of the operator's states. */
  @Override
  long keyedStateEntries() throws Exception {
    var backend = harness().getOperator().getKeyedStateBackend();
    long keys = 0;
    for (String state : List.of("energy-windows", "windows", "rewrite", "rewrite-pending", "node")) {
      try (Stream<Object> k = backend.getKeys(state, VoidNamespace.INSTANCE)) {
        keys += k.count();
      }
    }
    return keys;
  }
}
