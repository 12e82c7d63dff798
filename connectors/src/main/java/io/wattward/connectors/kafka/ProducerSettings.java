package io.wattward.connectors.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producer settings of the jobs' Kafka outputs: a broker that is away is waited for, not given up on.
 * A record is retried until it is delivered and a send waits for the broker's metadata as long as
 * needed, so an outage backs the job up (flushing at a checkpoint waits too) instead of failing it;
 * when the broker is back, everything held is delivered and the job carries on from where it was.
 */
public final class ProducerSettings {
  private ProducerSettings() {}

  public static Properties patient() {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
    p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Long.MAX_VALUE));
    p.setProperty(ProducerConfig.RETRIES_CONFIG, String.valueOf(Integer.MAX_VALUE));
    p.setProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
    return p;
  }

  /** How long a transaction may stay open: a week, the topics' retention (the broker must allow it). */
  public static final long TRANSACTION_TIMEOUT_MS = 7L * 24 * 3_600_000;

  /**
   * {@link #patient()} for a transactional producer. A transaction stays open from one checkpoint to the
   * next, and one that a checkpoint covers is committed when the job (restarted, perhaps much later)
   * completes that checkpoint: the broker must not abort it before, or its records are lost. Hence a
   * week, and {@code transaction.max.timeout.ms} of at least that on the broker.
   */
  public static Properties transactional() {
    Properties p = patient();
    p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(TRANSACTION_TIMEOUT_MS));
    return p;
  }
}
