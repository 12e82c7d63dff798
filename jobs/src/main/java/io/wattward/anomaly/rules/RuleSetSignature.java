package io.wattward.anomaly.rules;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Rule sets on the anomaly-rules topic are signed, because anyone who can write to the broker can write
 * to the topic. The signed form is the rule set's YAML text after one first line,
 *
 * <pre>
 * # signature: hmac-sha256:&lt;64 hex digits&gt;
 * rules:
 *   - name: ...
 * </pre>
 *
 * where the digits are HMAC-SHA256, keyed with the secret in {@value #SECRET_ENV}, of the UTF-8 bytes of
 * everything after that line's newline, exactly as published (so the whole is still YAML, the first line a
 * comment). The secret comes from the environment only, never from a file; without it nothing on the topic
 * is accepted. {@code wattward rules publish} signs.
 */
public final class RuleSetSignature implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String SECRET_ENV = "WATTWARD_RULES_SECRET";
  /** A secret shorter than this is refused at start (e.g. {@code openssl rand -hex 32} gives 64). */
  public static final int MIN_SECRET_LENGTH = 32;
  static final String PREFIX = "# signature: hmac-sha256:";
  private static final String ALGORITHM = "HmacSHA256";

  /** null: no secret configured */
  private final byte[] key;

  private RuleSetSignature(byte[] key) {
    this.key = key;
  }

  /** The secret in {@value #SECRET_ENV}, or none when it is unset or empty; too short a secret is an error. */
  public static RuleSetSignature fromEnvironment(Map<String, String> env) {
    String secret = env.get(SECRET_ENV);
    return secret == null || secret.isEmpty() ? none() : withSecret(secret);
  }

  public static RuleSetSignature withSecret(String secret) {
    if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(SECRET_ENV + " must be at least " + MIN_SECRET_LENGTH
          + " characters (e.g. the output of 'openssl rand -hex 32')");
    }
    return new RuleSetSignature(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** No secret: every signed rule set is refused as unverifiable. */
  public static RuleSetSignature none() {
    return new RuleSetSignature(null);
  }

  public boolean hasSecret() {
    return key != null;
  }

  /** The signed form of a rule set's text: the signature line, then the text unchanged. */
  public String sign(String ruleSetText) {
    if (key == null) {
      throw new IllegalStateException(SECRET_ENV + " is not set: cannot sign a rule set");
    }
    return PREFIX + HexFormat.of().formatHex(mac(ruleSetText)) + "\n" + ruleSetText;
  }

  /** The rule set's text from its signed form; a {@link RuleException} says why it cannot be trusted. */
  public String verify(String published) {
    if (published == null || !published.startsWith(PREFIX)) {
      throw new RuleException("the rule set is not signed: its first line must be '" + PREFIX
          + "<hex>' (sign and publish it with 'wattward rules publish')");
    }
    int newline = published.indexOf('\n');
    if (newline < 0) {
      throw new RuleException("the rule set has a signature line and nothing after it");
    }
    String hex = published.substring(PREFIX.length(), newline).strip();
    String text = published.substring(newline + 1);
    if (key == null) {
      throw new RuleException("the rule set cannot be verified: " + SECRET_ENV + " is not set for the anomaly job");
    }
    byte[] claimed;
    try {
      claimed = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new RuleException("the rule set's signature is not hexadecimal");
    }
    if (!MessageDigest.isEqual(claimed, mac(text))) {
      throw new RuleException("the rule set's signature does not match its text (signed with another secret, or "
          + "changed after signing)");
    }
    return text;
  }

  private byte[] mac(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "RuleSetSignature[" + (key == null ? "no secret" : "secret set") + "]";
  }
}
