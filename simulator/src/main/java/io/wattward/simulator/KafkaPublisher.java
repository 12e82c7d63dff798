package io.wattward.simulator;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.EnvReading;
import io.wattward.schema.MeterReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes simulated readings to Kafka as Avro, keyed by meter or sensor id. In replay mode it
 * sends as fast as the broker takes them, or at {@code speed} simulated seconds per second; in real
 * time ({@code speed} 1) each minute goes out when the wall clock reaches it.
 */
public final class KafkaPublisher implements HospitalSimulator.Output, AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String meterTopic;
  private final String envTopic;
  private final double speed;
  private final Consumer<String> progress;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private Instant firstMinute;
  private long wallStartNanos;
  private long meterReadings;
  private long envReadings;
  private long lastProgressNanos;

  /** @param speed simulated seconds per wall-clock second; 0 for as fast as possible */
  public KafkaPublisher(String bootstrap, String meterTopic, String envTopic, double speed, Consumer<String> progress) {
    this(bootstrap, meterTopic, envTopic, 4, speed, progress);
  }

  /**
   * Creates the two topics with {@code partitions} partitions if they are missing, and waits for their
   * leaders: an idempotent producer writing into a topic the broker creates on first use can stall for
   * its whole delivery timeout.
   */
  public KafkaPublisher(String bootstrap, String meterTopic, String envTopic, int partitions, double speed,
      Consumer<String> progress) {
    io.wattward.connectors.kafka.KafkaTopics.ensure(bootstrap, java.util.List.of(
        new io.wattward.connectors.kafka.KafkaTopics.Spec(meterTopic, partitions, false),
        new io.wattward.connectors.kafka.KafkaTopics.Spec(envTopic, partitions, false)));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // not idempotent, one request in flight: order kept on retries, and no stall in sequence-number
    // retries on a topic created a moment before (seen twice in CI with the idempotent producer)
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // a broker that is away (a fault drill stops it) is waited for, not given up on
    p.putAll(io.wattward.connectors.kafka.ProducerSettings.patient());
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.meterTopic = meterTopic;
    this.envTopic = envTopic;
    this.speed = speed;
    this.progress = progress;
  }

  @Override
  public void meterReading(MeterReading r) {
    meterReading(r, null);
  }

  /** Sends a reading and tells {@code landed} (may be null) its partition and offset once the broker has it. */
  public void meterReading(MeterReading r, BiConsumer<Integer, Long> landed) {
    send(meterTopic, r.getMeterId(), AvroMessages.encode(MeterReading.getEncoder(), r), landed);
    meterReadings++;
  }

  @Override
  public void envReading(EnvReading r) {
    send(envTopic, r.getSensorId(), AvroMessages.encode(EnvReading.getEncoder(), r));
    envReadings++;
  }

  /** Sends raw bytes (tests use it for malformed records). */
  public void send(String topic, String key, byte[] value) {
    send(topic, key, value, null);
  }

  /** Sends raw bytes and tells {@code landed} (may be null) their partition and offset. */
  public void send(String topic, String key, byte[] value, BiConsumer<Integer, Long> landed) {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Kafka rejected a reading: " + e.getMessage(), e);
    }
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value),
        (meta, ex) -> {
          if (ex != null) {
            failure.compareAndSet(null, ex);
          } else if (landed != null) {
            landed.accept(meta.partition(), meta.offset());
          }
        });
  }

  @Override
  public void minuteDone(Instant t) {
    long now = System.nanoTime();
    if (firstMinute == null) {
      firstMinute = t;
      wallStartNanos = now;
      lastProgressNanos = now;
    }
    if (speed > 0) {
      // hold the next minute's readings until the clock (scaled by speed) reaches that minute
      long next = t.getEpochSecond() + 60 - firstMinute.getEpochSecond();
      long dueNanos = wallStartNanos + (long) (next * 1e9 / speed);
      long wait = dueNanos - now;
      if (wait > 0) {
        producer.flush();
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ie);
        }
      }
    }
    if (now - lastProgressNanos > 5_000_000_000L) {
      lastProgressNanos = now;
      double secs = (now - wallStartNanos) / 1e9;
      progress.accept(String.format("simulated up to %s: %,d meter readings, %,d environment readings (%,.0f/s)",
          t, meterReadings, envReadings, (meterReadings + envReadings) / Math.max(secs, 1e-3)));
    }
  }

  public long meterReadings() {
    return meterReadings;
  }

  public long envReadings() {
    return envReadings;
  }

  /** Waits until everything sent so far is acknowledged. */
  public void flush() {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Kafka rejected readings: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.flush();
    producer.close();
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Kafka rejected readings: " + e.getMessage(), e);
    }
  }
}
