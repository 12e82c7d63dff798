package io.wattward.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring acknowledge links. A link names what it acknowledges (a group by its key and the time
 * that group opened, or an anomaly by its id), the receiver it was sent to and when it expires, and carries
 * an HMAC-SHA256 of exactly those under the secret:
 * {@code <baseUrl>/ack?group=KEY&opened=MS&to=RECEIVER&exp=EPOCH_SECONDS&sig=BASE64URL}, or
 * {@code ?anomaly=ID&to=..&exp=..&sig=..}. {@link #check} recomputes the HMAC over the parameters as given,
 * compares it in constant time, and only then looks at the expiry. Nothing else in a request ({@code by},
 * the name typed on the confirmation page) is covered, so nothing else may decide what is acknowledged.
 *
 * <p>{@code opened} ties a group link to one life of the group: a key ({@code receiver|building|kind})
 * comes back with the next incident, and last week's link must not acknowledge it.
 */
public final class AckLinks implements NotificationEngine.Links {

  static final String GROUP = "group";
  static final String ANOMALY = "anomaly";
  private static final String VERSION = "wattward-ack-v1";
  private static final int SIGNATURE_BYTES = 32;

  /** What a valid link acknowledges; {@code openedAtMs} is -1 for an anomaly. */
  public record Link(String kind, String target, long openedAtMs, String receiver, long expiresAtMs) {
    boolean group() {
      return GROUP.equals(kind);
    }
  }

  /** A request's parameters judged: {@code link} when valid, else {@code refusal} (for the log) and whether expired. */
  public record Check(Link link, String refusal, boolean expired) {
    static Check refused(String why) {
      return new Check(null, why, false);
    }

    public boolean valid() {
      return link != null;
    }
  }

  private final String baseUrl;
  private final byte[] key;
  private final long validForMs;

  public AckLinks(String baseUrl, String secret, Duration validFor) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("acknowledge links need a secret (" + NotifyConfig.ACK_SECRET_ENV + ")");
    }
    this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
    this.key = secret.getBytes(StandardCharsets.UTF_8);
    this.validForMs = validFor.toMillis();
  }

  /** The links of these settings, or null when acknowledgements are not configured. */
  static AckLinks of(NotifyConfig.Ack ack) {
    if (ack == null || !ack.configured()) {
      return null;
    }
    if (ack.secret() == null) {
      throw new IllegalArgumentException("ack: acknowledge links are signed with the environment variable "
          + NotifyConfig.ACK_SECRET_ENV + ", which is not set");
    }
    return new AckLinks(ack.baseUrl(), ack.secret(), ack.validFor());
  }

  @Override
  public String forGroup(String groupKey, long openedAtMs, String receiver, long atMs) {
    return link(GROUP, groupKey, openedAtMs, receiver, atMs + validForMs);
  }

  /** A link to acknowledge every group holding this anomaly, sent to {@code receiver} at {@code atMs}. */
  public String forAnomaly(String anomalyId, String receiver, long atMs) {
    return link(ANOMALY, anomalyId, -1, receiver, atMs + validForMs);
  }

  /** A link expiring at {@code expiresAtMs} (rounded up to the second); "" without a base address. */
  String link(String kind, String target, long openedAtMs, String receiver, long expiresAtMs) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return "";
    }
    String exp = Long.toString(Math.floorDiv(expiresAtMs + 999, 1000));
    String opened = GROUP.equals(kind) ? Long.toString(openedAtMs) : null;
    return baseUrl + "/ack?" + kind + "=" + enc(target) + (opened == null ? "" : "&opened=" + opened) + "&to="
        + enc(receiver) + "&exp=" + exp + "&sig=" + sign(kind, target, opened, receiver, exp);
  }

  /** Judges the parameters of a request at {@code nowMs}: signature first (constant time), then the expiry. */
  public Check check(Map<String, String> params, long nowMs) {
    String group = params.get(GROUP);
    String anomaly = params.get(ANOMALY);
    if (group == null && anomaly == null) {
      return Check.refused("no group or anomaly");
    }
    if (group != null && anomaly != null) {
      return Check.refused("both group and anomaly");
    }
    String kind = group != null ? GROUP : ANOMALY;
    String target = group != null ? group : anomaly;
    String opened = params.get("opened");
    String receiver = params.get("to");
    String exp = params.get("exp");
    String sig = params.get("sig");
    if (sig == null || sig.isEmpty()) {
      return Check.refused("no signature");
    }
    if (receiver == null || receiver.isEmpty() || exp == null || !exp.matches("\\d{1,12}")
        || (group != null ? opened == null || !opened.matches("-?\\d{1,15}") : opened != null)) {
      return Check.refused("incomplete or malformed link");
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(sig);
    } catch (IllegalArgumentException e) {
      return Check.refused("malformed signature");
    }
    byte[] expected = Base64.getUrlDecoder().decode(sign(kind, target, opened, receiver, exp));
    if (given.length != SIGNATURE_BYTES || !MessageDigest.isEqual(expected, given)) {
      return Check.refused("wrong signature");
    }
    long expiresAtMs = Long.parseLong(exp) * 1000;
    Link link = new Link(kind, target, opened == null ? -1 : Long.parseLong(opened), receiver, expiresAtMs);
    if (nowMs > expiresAtMs) {
      return new Check(null, "expired " + (nowMs - expiresAtMs) / 1000 + " s ago", true);
    }
    return new Check(link, null, false);
  }

  /**
   * Base64url of HMAC-SHA256 over the version and the covered fields, each URL-encoded (so no field can
   * run into the next: a key holding "\nto=" is encoded, not a separator).
   */
  private String sign(String kind, String target, String opened, String receiver, String exp) {
    String covered = VERSION + "\n" + kind + "=" + enc(target) + "\nopened=" + (opened == null ? "" : opened)
        + "\nto=" + enc(receiver) + "\nexp=" + exp;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] hmac = mac.doFinal(covered.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
