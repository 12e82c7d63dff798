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
}
