package io.wattward.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetSignatureTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final String RULES = RuleEngineTest.CHILLER_RULE;

  @Test
  void aSignedSetVerifiesToItsExactTextAndIsStillYaml() {
    RuleSetSignature signature = RuleSetSignature.withSecret(SECRET);
    String signed = signature.sign(RULES);
    assertThat(signed).startsWith("# signature: hmac-sha256:").endsWith(RULES);
    assertThat(signed.lines().findFirst().orElseThrow()).matches("# signature: hmac-sha256:[0-9a-f]{64}");
    assertThat(signature.verify(signed)).isEqualTo(RULES);
    assertThat(RuleSet.parse(signed)).isEqualTo(RuleSet.parse(RULES));
  }

  @Test
  void theSignatureIsHmacSha256OfTheTextWithTheSecret() {
    // openssl: printf 'rules: []\n' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
    assertThat(RuleSetSignature.withSecret(SECRET).sign("rules: []\n")).isEqualTo(
        "# signature: hmac-sha256:67f37f818b265e0ebca79321e6dc5e86675ecca8b2e0de1591706b6c7fc5bcb6\nrules: []\n");
  }

  @Test
  void unsignedChangedOrOtherwiseSignedSetsAreRefused() {
    RuleSetSignature signature = RuleSetSignature.withSecret(SECRET);
    String signed = signature.sign(RULES);
    assertThatThrownBy(() -> signature.verify(RULES)).isInstanceOf(RuleException.class).hasMessageContaining("not signed");
    assertThatThrownBy(() -> signature.verify(signed.replace("300", "3000")))
        .hasMessageContaining("does not match its text");
    assertThatThrownBy(() -> signature.verify(signed + "  - name: extra\n"))
        .hasMessageContaining("does not match its text");
    assertThatThrownBy(() -> signature.verify(RuleSetSignature.withSecret(SECRET + "x").sign(RULES)))
        .hasMessageContaining("does not match its text");
    assertThatThrownBy(() -> signature.verify("# signature: hmac-sha256:zz\n" + RULES))
        .hasMessageContaining("not hexadecimal");
  }

  @Test
  void withoutASecretNothingVerifiesAndAShortSecretIsAnError() {
    RuleSetSignature none = RuleSetSignature.fromEnvironment(Map.of());
    assertThat(none.hasSecret()).isFalse();
    assertThatThrownBy(() -> none.verify(RuleSetSignature.withSecret(SECRET).sign(RULES)))
        .hasMessageContaining("WATTWARD_RULES_SECRET is not set");
    assertThatThrownBy(() -> RuleSetSignature.fromEnvironment(Map.of("WATTWARD_RULES_SECRET", "short")))
        .hasMessageContaining("WATTWARD_RULES_SECRET must be at least 32 characters");
    assertThat(RuleSetSignature.fromEnvironment(Map.of("WATTWARD_RULES_SECRET", SECRET)).toString())
        .doesNotContain(SECRET);
  }
}
