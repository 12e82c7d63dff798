package io.wattward.cockpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void theRightPasswordMatchesAndAWrongOneDoesNot() {
    String stored = PasswordHash.hash("correct horse".toCharArray());
    assertThat(stored).startsWith("pbkdf2-sha256:600000:");
    assertThat(PasswordHash.matches("correct horse".toCharArray(), stored)).isTrue();
    assertThat(PasswordHash.matches("correct horsE".toCharArray(), stored)).isFalse();
    assertThat(PasswordHash.matches("".toCharArray(), stored)).isFalse();
  }

  @Test
  void everyHashHasItsOwnSalt() {
    String a = PasswordHash.hash("same password".toCharArray());
    String b = PasswordHash.hash("same password".toCharArray());
    assertThat(a).isNotEqualTo(b);
    assertThat(a.split(":")[2]).isNotEqualTo(b.split(":")[2]);
  }

  @Test
  void theIterationCountTravelsWithTheHash() {
    byte[] salt = "0123456789abcdef".getBytes();
    String fewer = PasswordHash.hash("pw-12345".toCharArray(), salt, 20_000);
    assertThat(fewer).startsWith("pbkdf2-sha256:20000:");
    assertThat(PasswordHash.matches("pw-12345".toCharArray(), fewer)).isTrue();
    // the same salt and password with another count is another hash
    assertThat(PasswordHash.hash("pw-12345".toCharArray(), salt, 30_000)).isNotEqualTo(fewer);
  }

  @Test
  void malformedHashesMatchNothingAndSayWhy() {
    assertThat(PasswordHash.problem("plain-text-password")).contains("pbkdf2-sha256:<iterations>");
    assertThat(PasswordHash.problem("pbkdf2-sha256:100:AAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAA")).contains("too few");
    assertThat(PasswordHash.problem("pbkdf2-sha256:x:y:z")).isNotNull();
    assertThat(PasswordHash.matches("x".toCharArray(), "pbkdf2-sha256:x:y:z")).isFalse();
  }

  @Test
  void usersComeFromTheVariableWithRolesAndHashes() {
    long[] now = {0};
    String op = PasswordHash.hash("operator-pw".toCharArray(), "saltsaltsaltsalt".getBytes(), 20_000);
    String vw = PasswordHash.hash("viewer-pw".toCharArray(), "pepperpepperpepp".getBytes(), 20_000);
    CockpitUsers users = CockpitUsers.parse("li.wei:operator:" + op + ", zhang:viewer:" + vw, () -> now[0]);
    assertThat(users.size()).isEqualTo(2);
    assertThat(users.signIn("zhang", "operator-pw".toCharArray())).isNull();
    assertThat(users.signIn("nobody", "viewer-pw".toCharArray())).isNull();
    String token = users.signIn("li.wei", "operator-pw".toCharArray());
    assertThat(users.session(token)).isEqualTo(new CockpitUsers.User("li.wei", CockpitUsers.Role.OPERATOR));
    assertThat(users.session(users.signIn("zhang", "viewer-pw".toCharArray())).role())
        .isEqualTo(CockpitUsers.Role.VIEWER);
    // idle sessions end; activity keeps one alive
    now[0] += CockpitUsers.SESSION_IDLE.toMillis() - 1;
    assertThat(users.session(token)).isNotNull();
    now[0] += CockpitUsers.SESSION_IDLE.toMillis() + 1;
    assertThat(users.session(token)).isNull();
    assertThat(users.session("forged")).isNull();
    assertThat(users.session(null)).isNull();
  }

  @Test
  void fiveFailuresLockTheNameOutFromThatAddressForFifteenMinutes() {
    long[] now = {0};
    String op = PasswordHash.hash("operator-pw".toCharArray(), "saltsaltsaltsalt".getBytes(), 20_000);
    CockpitUsers users = CockpitUsers.parse("li:operator:" + op, () -> now[0]);
    for (int i = 0; i < CockpitUsers.MAX_FAILURES; i++) {
      assertThat(users.lockedForMs("li", "10.0.0.9")).as("after " + i + " failures").isZero();
      assertThat(users.signIn("li", "guess".toCharArray(), "10.0.0.9")).isNull();
      now[0] += 60_000; // a guess a minute
    }
    // the fifth failure was at minute 4; the first at minute 0: locked until minute 15
    assertThat(users.lockedForMs("li", "10.0.0.9")).isEqualTo(15 * 60_000L - 5 * 60_000L);
    assertThat(users.signIn("li", "operator-pw".toCharArray(), "10.0.0.9")).as("even the right password").isNull();
    // the operator at the duty desk is not locked out by someone else's guessing
    assertThat(users.signIn("li", "operator-pw".toCharArray(), "10.0.0.2")).isNotNull();
    now[0] = 15 * 60_000L;
    assertThat(users.lockedForMs("li", "10.0.0.9")).isZero();
    assertThat(users.signIn("li", "operator-pw".toCharArray(), "10.0.0.9")).isNotNull();
    // a success clears the count: one more failure does not lock again
    assertThat(users.signIn("li", "guess".toCharArray(), "10.0.0.9")).isNull();
    assertThat(users.lockedForMs("li", "10.0.0.9")).isZero();
  }

  @Test
  void aBadUserEntryNamesTheVariableAndTheUserButNotTheHash() {
    assertThatThrownBy(() -> CockpitUsers.parse("", () -> 0)).hasMessageContaining("WATTWARD_COCKPIT_USERS is not set");
    assertThatThrownBy(() -> CockpitUsers.parse("ann:admin:pbkdf2-sha256:1:a:b", () -> 0))
        .hasMessageContaining("user ann has role 'admin'");
    assertThatThrownBy(() -> CockpitUsers.parse("ann:viewer:secret123", () -> 0))
        .hasMessageContaining("the hash of user ann").hasMessageNotContaining("secret123");
  }
}
