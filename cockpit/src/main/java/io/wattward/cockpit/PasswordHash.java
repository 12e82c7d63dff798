package io.wattward.cockpit;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A cockpit user's password as it is stored: salted PBKDF2 with HMAC-SHA256 from the JDK, written
 * {@code pbkdf2-sha256:<iterations>:<salt>:<hash>} (salt and hash in URL-safe Base64 without padding), so the
 * iteration count can grow without invalidating the hashes already handed out. Only the hash is ever
 * configured; the password itself is never stored.
 */
public final class PasswordHash {

  public static final String SCHEME = "pbkdf2-sha256";
  /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
  public static final int ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private PasswordHash() {}

  /** A new hash of the password with a fresh random salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return hash(password, salt, ITERATIONS);
  }

  static String hash(char[] password, byte[] salt, int iterations) {
    return SCHEME + ":" + iterations + ":" + B64.encodeToString(salt) + ":"
        + B64.encodeToString(derive(password, salt, iterations, HASH_BITS));
  }

  /** Whether the stored hash is well formed; the reason if not, else null. */
  public static String problem(String stored) {
    String[] p = stored == null ? new String[0] : stored.split(":", -1);
    if (p.length != 4 || !SCHEME.equals(p[0])) {
      return "not a " + SCHEME + ":<iterations>:<salt>:<hash> (make one with `wattward serve --hash-password`)";
    }
    try {
      int iterations = Integer.parseInt(p[1]);
      if (iterations < 10_000) {
        return "too few iterations (" + iterations + ")";
      }
      if (B64D.decode(p[2]).length < 8 || B64D.decode(p[3]).length < 16) {
        return "salt or hash too short";
      }
    } catch (IllegalArgumentException e) {
      return "iterations, salt or hash unreadable";
    }
    return null;
  }

  /** Whether the password matches the stored hash; compared in constant time. A malformed hash matches nothing. */
  public static boolean matches(char[] password, String stored) {
    if (problem(stored) != null) {
      return false;
    }
    String[] p = stored.split(":");
    byte[] expected = B64D.decode(p[3]);
    byte[] actual = derive(password, B64D.decode(p[2]), Integer.parseInt(p[1]), expected.length * 8);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

}
