package io.wattward.anomaly.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wattward.anomaly.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching openings to events on examples small enough to count by hand. */
class DetectionScoreTest {

  private static final long H = 3_600_000L;
  private static final List<String> DETECTORS = List.of("JUMP", "NIGHT_BASE_LOAD", "FLATLINE", "OFFLINE");

  private static InjectedEvent event(EventKind kind, String series, long fromHour, long toHour) {
    return new InjectedEvent(kind, series, fromHour * H, toHour * H, "");
  }

  private static Opening opening(String kind, String series, long detectedHour, long endedHour) {
    return new Opening(kind, series, (detectedHour - 1) * H, detectedHour * H, endedHour * H, Severity.WARNING, 0, "");
  }

  @Test
  void twoEventsThreeOpeningsGivePrecisionTwoThirdsAndOneFalseAlarm() {
    // a spike in hour 10 and lights on from hour 100 to 206 in series "a"
    List<InjectedEvent> events = List.of(event(EventKind.SPIKE, "a", 10, 11),
        event(EventKind.NIGHT_LIGHTS, "a", 100, 206));
    List<Opening> openings = List.of(
        opening("JUMP", "a", 11, 12), // published as hour 10 closes: the spike
        opening("NIGHT_BASE_LOAD", "a", 226, 250), // 20 h after the lights' end, inside the night grace of 24 h
        opening("FLATLINE", "a", 50, 52)); // nothing injected there
    DetectionScore.Score s = DetectionScore.score(events, openings, DETECTORS, 1, 2.0);

    assertThat(s.all().openings()).isEqualTo(3);
    assertThat(s.all().matched()).isEqualTo(2);
    assertThat(s.all().precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(s.all().falseAlarms()).isEqualTo(1);
    // one false alarm over one series x two months
    assertThat(s.all().falseAlarmsPerMeterMonth()).isEqualTo(0.5);
    assertThat(s.recall()).extracting(DetectionScore.KindRecall::kind)
        .containsExactly(EventKind.NIGHT_LIGHTS, EventKind.SPIKE);
    assertThat(s.recall()).allSatisfy(k -> assertThat(k.recall()).isEqualTo(1.0));
    assertThat(s.recall()).allSatisfy(k -> assertThat(k.matchingOpenings()).isEqualTo(1));
    assertThat(s.falseAlarms()).extracting(Opening::kind).containsExactly("FLATLINE");
    // every detector has a row, also those that opened nothing
    assertThat(s.byDetector()).extracting(DetectionScore.DetectorPrecision::detector)
        .containsExactlyElementsOf(DETECTORS);
    assertThat(s.byDetector().get(3).openings()).isZero();
    assertThat(s.byDetector().get(3).precision()).isNaN();
  }

  @Test
  void anOpeningOfTheWrongKindInsideAnEventIsNeitherAMatchNorAFalseAlarm() {
    List<InjectedEvent> events = List.of(event(EventKind.FLATLINE, "a", 0, 12), event(EventKind.SPIKE, "b", 5, 6));
    List<Opening> openings = List.of(
        opening("JUMP", "a", 5, 6), // a frozen value at night looks like a jump: not a flatline finding
        opening("JUMP", "a", 14, 15), // after the flatline's end + 1 h grace: a false alarm
        opening("NIGHT_BASE_LOAD", "b", 6, 30), // a night anomaly does not find a spike
        opening("FLATLINE", "b", 6, 8)); // another series' event does not count
    DetectionScore.Score s = DetectionScore.score(events, openings, DETECTORS, 2, 1.0);

    assertThat(s.all().matched()).isZero();
    assertThat(s.all().duringOtherEvent()).isEqualTo(3);
    assertThat(s.all().falseAlarms()).isEqualTo(1);
    assertThat(s.recall()).allSatisfy(k -> assertThat(k.detected()).isZero());
  }

  @Test
  void anOpeningPublishedAtTheEventsStartWasJudgedBeforeItAndFindsNothing() {
    List<InjectedEvent> events = List.of(event(EventKind.SPIKE, "a", 5, 6));
    DetectionScore.Score s = DetectionScore.score(events, List.of(opening("JUMP", "a", 5, 6)), DETECTORS, 1, 1.0);
    assertThat(s.all().matched()).isZero();
    assertThat(s.all().falseAlarms()).isEqualTo(1);
  }

  @Test
  void aSpikeInsideAnAlreadyOpenJumpIsMissedButCountedApart() {
    List<InjectedEvent> events = List.of(event(EventKind.SPIKE, "a", 10, 11), event(EventKind.SPIKE, "a", 40, 41));
    // a jump opened at hour 8 (published at 9) and open until hour 12: the spike at 10 updates it
    List<Opening> openings = List.of(opening("JUMP", "a", 9, 12));
    DetectionScore.KindRecall spikes = DetectionScore.score(events, openings, DETECTORS, 1, 1.0).recall().get(0);

    assertThat(spikes.events()).isEqualTo(2);
    assertThat(spikes.detected()).isZero();
    assertThat(spikes.missedWhileOpen()).isEqualTo(1);
  }
}
