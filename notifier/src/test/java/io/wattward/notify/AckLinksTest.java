package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed acknowledge links: what they cover, and every way of changing one that must fail. */
class AckLinksTest {

  static final String SECRET = "an-acknowledge-secret-of-32-characters";
  static final long SENT = 1_800_000_000_000L; // when the message went out
  static final long DAY = 86_400_000L;
  static final String GROUP = "eng|PPH/MAIN/B1|JUMP";

  private final AckLinks links = new AckLinks("https://notify.hospital.test/", SECRET, Duration.ofDays(7));

  static Map<String, String> params(String link) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : URI.create(link).getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      out.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  private Map<String, String> groupLink() {
    return params(links.forGroup(GROUP, SENT - 30_000, "eng", SENT));
  }

  private AckLinks.Check with(String name, String value) {
    Map<String, String> p = groupLink();
    if (value == null) {
      p.remove(name);
    } else {
      p.put(name, value);
    }
    return links.check(p, SENT + 1_000);
  }

  @Test
  void aLinkNamesItsGroupReceiverAndExpiryAndIsValidUntilThen() {
    String link = links.forGroup(GROUP, SENT - 30_000, "eng", SENT);
    assertThat(link).startsWith("https://notify.hospital.test/ack?group=eng%7CPPH%2FMAIN%2FB1%7CJUMP&opened="
        + (SENT - 30_000) + "&to=eng&exp=" + (SENT + 7 * DAY) / 1000 + "&sig=");
    AckLinks.Check ok = links.check(params(link), SENT + 7 * DAY);
    assertThat(ok.valid()).isTrue();
    assertThat(ok.link()).isEqualTo(new AckLinks.Link("group", GROUP, SENT - 30_000, "eng", SENT + 7 * DAY));
    AckLinks.Check late = links.check(params(link), SENT + 7 * DAY + 1);
    assertThat(late.valid()).isFalse();
    assertThat(late.expired()).isTrue();
  }

  @Test
  void changingAnyCoveredFieldBreaksTheSignature() {
    assertThat(with("group", "eng|PPH/MAIN/B2|JUMP").refusal()).isEqualTo("wrong signature");
    assertThat(with("opened", Long.toString(SENT - 29_000)).refusal()).isEqualTo("wrong signature");
    assertThat(with("to", "manager").refusal()).isEqualTo("wrong signature");
    assertThat(with("exp", Long.toString((SENT + 70 * DAY) / 1000)).refusal()).isEqualTo("wrong signature");
    String sig = groupLink().get("sig");
    String flipped = sig.substring(0, 10) + (sig.charAt(10) == 'A' ? 'B' : 'A') + sig.substring(11);
    assertThat(with("sig", flipped).refusal()).isEqualTo("wrong signature");
    assertThat(with("sig", sig.substring(0, 20)).refusal()).isEqualTo("wrong signature");
    assertThat(with("sig", "not base64!").refusal()).isEqualTo("malformed signature");
    assertThat(with("sig", null).refusal()).isEqualTo("no signature");
    assertThat(with("opened", null).refusal()).isEqualTo("incomplete or malformed link");
    assertThat(with("anomaly", "A").refusal()).as("a second target").isEqualTo("both group and anomaly");
    AckLinks other = new AckLinks("https://notify.hospital.test", SECRET.replace('a', 'b'), Duration.ofDays(7));
    assertThat(other.check(groupLink(), SENT).refusal()).as("another secret").isEqualTo("wrong signature");
    assertThat(with("by", "Mallory&group=x").valid()).as("by is not covered, and changes nothing").isTrue();
  }

  @Test
  void aGroupLinkIsNoAnomalyLinkAndTheFieldsCannotRunIntoEachOther() {
    Map<String, String> p = groupLink();
    p.put("anomaly", p.remove("group"));
    p.remove("opened");
    assertThat(links.check(p, SENT).refusal()).isEqualTo("wrong signature");
    // a receiver named "eng\nexp=..." must not sign the same bytes as receiver "eng" with that expiry
    Map<String, String> a = params(links.forGroup("k", 1, "eng\nexp=1", SENT));
    Map<String, String> b = new LinkedHashMap<>(a);
    b.put("to", "eng");
    assertThat(links.check(b, SENT).valid()).isFalse();
    Map<String, String> anomaly = params(links.forAnomaly("JUMP|PPH/MAIN/B1|", "eng", SENT));
    assertThat(anomaly).doesNotContainKey("opened");
    assertThat(links.check(anomaly, SENT).link().target()).isEqualTo("JUMP|PPH/MAIN/B1|");
  }

  @Test
  void withoutABaseAddressThereAreNoLinks() {
    assertThat(new AckLinks(null, SECRET, Duration.ofDays(1)).forGroup(GROUP, 1, "eng", SENT)).isEmpty();
  }
}
