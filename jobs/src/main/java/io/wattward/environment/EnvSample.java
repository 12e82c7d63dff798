package io.wattward.environment;

/**
 * A validated environment reading: one value per {@link io.wattward.topology.EnvFactor} (NaN where the
 * sensor set did not report the factor) and where it came from, for dead letters. A Flink POJO.
 */
public class EnvSample {
  public String sensorId;
  public long eventTimeMs;
  public double[] values;
  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public byte[] original;

  public EnvSample() {}
}
