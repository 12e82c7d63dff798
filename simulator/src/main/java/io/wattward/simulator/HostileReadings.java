package io.wattward.simulator;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.EnvReading;
import io.wattward.schema.MeterReading;
import io.wattward.schema.QualityFlag;
import io.wattward.schema.ValueKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mixes hostile records into the hospital's valid meter readings, the way a broken gateway, a bad
 * deployment or an attacker on the network would: after every {@code every}-th valid reading one
 * hostile record, the kinds in turn. Every hostile record is one the rollup job must dead-letter with
 * a known reason and that must change nothing else; each is recorded with where it landed in Kafka, so
 * a drill can find its dead letter.
 *
 * <p>Records that copy a valid reading (an exact duplicate, a copy without key) are dead-lettered as
 * DUPLICATE, whichever of the two the job sees second: their {@link Sent#twin} is the valid reading.
 */
public final class HostileReadings implements HospitalSimulator.Output {

  /** A kind of hostile record and the dead-letter reason the job must give it. */
  public enum Kind {
    RANDOM_BYTES("UNDECODABLE"),
    TRUNCATED_AVRO("UNDECODABLE"),
    WRONG_SCHEMA_FINGERPRINT("UNDECODABLE"),
    EMPTY_PAYLOAD("UNDECODABLE"),
    NOT_A_NUMBER("NOT_FINITE"),
    INFINITE("NOT_FINITE"),
    NEGATIVE("NEGATIVE"),
    FAR_FUTURE("FAR_FUTURE"),
    YEAR_1970("TIME_OUT_OF_RANGE"),
    UNKNOWN_METER("UNKNOWN_METER"),
    HUGE_METER_ID("UNKNOWN_METER"),
    EXACT_DUPLICATE("DUPLICATE"),
    COPY_WITHOUT_KEY("DUPLICATE"),
    CONFLICTING_DUPLICATE("CONFLICTING_DUPLICATE"),
    WRONG_KIND("KIND_MISMATCH"),
    WRONG_UNIT("UNIT_MISMATCH"),
    BAD_QUALITY("BAD_QUALITY");

    public final String reason;

    Kind(String reason) {
      this.reason = reason;
    }
  }

  /** Where a record landed: topic partition and offset. */
  public record Position(int partition, long offset) {}

  /**
   * A hostile record sent, and for copies the valid reading it copies (known once the broker has
   * acknowledged both: after {@link KafkaPublisher#flush}).
   */
  public record Sent(Kind kind, Position at, AtomicReference<Position> copied) {
    public Position twin() {
      return copied == null ? null : copied.get();
    }
  }

  private final KafkaPublisher publisher;
  private final String meterTopic;
  private final int every;
  private final Random random;
  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
  private long valid;
  private int next;

  /**
   * @param every one hostile record after every this many valid meter readings
   */
  public HostileReadings(KafkaPublisher publisher, String meterTopic, int every, long seed) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be at least 1");
    }
    this.publisher = publisher;
    this.meterTopic = meterTopic;
    this.every = every;
    this.random = new Random(seed);
  }

  /** {@code every} that spreads about {@code hostile} records over {@code validReadings}. */
  public static int spacing(long validReadings, int hostile) {
    return (int) Math.max(1, validReadings / Math.max(1, hostile));
  }

  @Override
  public void meterReading(MeterReading r) {
    valid++;
    if (valid % every != 0) {
      publisher.meterReading(r);
      return;
    }
    Kind kind = Kind.values()[next++ % Kind.values().length];
    counts.merge(kind, 1, Integer::sum);
    if (kind == Kind.EXACT_DUPLICATE || kind == Kind.COPY_WITHOUT_KEY || kind == Kind.CONFLICTING_DUPLICATE) {
      // the valid reading first, in the same partition for the keyed ones: the copy is always the second
      AtomicReference<Position> twin = new AtomicReference<>();
      publisher.meterReading(r, (p, o) -> twin.set(new Position(p, o)));
      byte[] copy = kind == Kind.CONFLICTING_DUPLICATE ? encode(with(r, r.getValue() + 1.0)) : encode(r);
      String key = kind == Kind.COPY_WITHOUT_KEY ? null : r.getMeterId();
      publisher.send(meterTopic, key, copy, (p, o) -> sent.add(new Sent(kind, new Position(p, o), twin)));
      return;
    }
    publisher.meterReading(r);
    publisher.send(meterTopic, key(kind, r), hostile(kind, r),
        (p, o) -> sent.add(new Sent(kind, new Position(p, o), null)));
  }

  private String key(Kind kind, MeterReading r) {
    return switch (kind) {
      case UNKNOWN_METER -> "GHOST-" + (valid % 97);
      case HUGE_METER_ID -> "HUGE";
      default -> r.getMeterId();
    };
  }

  private byte[] hostile(Kind kind, MeterReading r) {
    // a time between the meter's readings (they come at whole minutes): never a duplicate of one
    Instant between = r.getEventTime().plusSeconds(17);
    return switch (kind) {
      case RANDOM_BYTES -> {
        byte[] b = new byte[20 + random.nextInt(480)];
        random.nextBytes(b);
        yield b;
      }
      case TRUNCATED_AVRO -> {
        byte[] full = encode(r);
        yield Arrays.copyOf(full, full.length / 2);
      }
      case WRONG_SCHEMA_FINGERPRINT -> {
        byte[] full = encode(r);
        full[2] ^= (byte) 0xFF; // bytes 2..9 are the schema's fingerprint
        yield full;
      }
      case EMPTY_PAYLOAD -> new byte[0];
      case NOT_A_NUMBER -> encode(at(r, between, Double.NaN));
      case INFINITE -> encode(at(r, between, Double.POSITIVE_INFINITY));
      case NEGATIVE -> encode(at(r, between, -Math.abs(r.getValue()) - 1));
      case FAR_FUTURE -> encode(at(r, Instant.parse("2100-01-01T00:00:00Z"), r.getValue()));
      case YEAR_1970 -> encode(at(r, Instant.EPOCH.plusSeconds(valid), r.getValue()));
      case UNKNOWN_METER -> encode(MeterReading.newBuilder(at(r, between, r.getValue()))
          .setMeterId("GHOST-" + (valid % 97)).build());
      case HUGE_METER_ID -> encode(MeterReading.newBuilder(at(r, between, r.getValue()))
          .setMeterId("M".repeat(100 * 1024)).build());
      case WRONG_KIND -> encode(MeterReading.newBuilder(at(r, between, r.getValue()))
          .setValueKind(r.getValueKind() == ValueKind.REGISTER ? ValueKind.INTERVAL : ValueKind.REGISTER).build());
      case WRONG_UNIT -> encode(MeterReading.newBuilder(at(r, between, r.getValue())).setUnit("furlong").build());
      case BAD_QUALITY -> encode(MeterReading.newBuilder(at(r, between, r.getValue()))
          .setQuality(QualityFlag.BAD).build());
      default -> throw new IllegalStateException("not a standalone kind: " + kind);
    };
  }

  private static MeterReading at(MeterReading r, Instant t, double value) {
    return MeterReading.newBuilder(r).setEventTime(t).setValue(value).build();
  }

  private static MeterReading with(MeterReading r, double value) {
    return MeterReading.newBuilder(r).setValue(value).build();
  }

  private static byte[] encode(MeterReading r) {
    return AvroMessages.encode(MeterReading.getEncoder(), r);
  }

  @Override
  public void envReading(EnvReading r) {
    publisher.envReading(r);
  }

  @Override
  public void minuteDone(Instant t) {
    publisher.minuteDone(t);
  }

  /** The hostile records sent so far, with where they landed (after {@link KafkaPublisher#flush}). */
  public List<Sent> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** How many of each kind were sent. */
  public Map<Kind, Integer> counts() {
    return Map.copyOf(counts);
  }
}
