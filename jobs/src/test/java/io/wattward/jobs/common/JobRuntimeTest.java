package io.wattward.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.config.WattwardConfig;
import io.wattward.normalize.MeterLedgerState;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Every job's environment refuses Kryo: a type Flink would serialise generically fails the job's build. */
class JobRuntimeTest {

  /** Not a POJO (no default constructor, a final field without a setter): Flink would fall back to Kryo. */
  static final class NotAPojo {
    final java.util.Optional<String> value;

    NotAPojo(String value) {
      this.value = java.util.Optional.ofNullable(value);
    }
  }

  @Test
  void genericTypesAreRefusedAndOurStateTypesAreNotGeneric() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    JobRuntime.configure(env, WattwardConfig.load(null, Map.of()).pipeline());
    var serializers = env.getConfig().getSerializerConfig();
    assertThatThrownBy(() -> TypeInformation.of(NotAPojo.class).createSerializer(serializers))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Generic types have been disabled");
    assertThat(TypeInformation.of(MeterLedgerState.class).createSerializer(serializers)).isNotNull();
  }
}
