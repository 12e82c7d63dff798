package io.wattward.jobs.forecast;

import io.wattward.connectors.kafka.RawRecord;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.schema.BusinessVolume;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Business-volume records in, checked volumes out. To the dead letters: a record that does not decode
 * (UNDECODABLE), has no node id (IMPLAUSIBLE), carries neither metric (EMPTY_READING), or a metric
 * that is not finite (NOT_FINITE) or negative (NEGATIVE). A dead-lettered record changes nothing:
 * what was published before for the node and day still counts.
 */
public final class VolumeDecode extends ProcessFunction<RawRecord, VolumeDay> {

  private final String job;
  private transient BinaryMessageDecoder<BusinessVolume> decoder;
  private transient DeadLetters deadLetters;

  public VolumeDecode(String job) {
    this.job = job;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = BusinessVolume.getDecoder();
    deadLetters = new DeadLetters(job, getRuntimeContext(), RejectReason.UNDECODABLE, RejectReason.IMPLAUSIBLE,
        RejectReason.EMPTY_READING, RejectReason.NOT_FINITE, RejectReason.NEGATIVE);
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<VolumeDay> out) {
    BusinessVolume v;
    try {
      if (raw.value == null) {
        throw new IllegalArgumentException("record has no value");
      }
      v = decoder.decode(raw.value);
    } catch (Exception e) {
      reject(raw, ctx, RejectReason.UNDECODABLE, "not a BusinessVolume: " + e);
      return;
    }
    String what = "business volume of " + v.getNodeId() + " on " + v.getDay();
    if (v.getNodeId().isBlank()) {
      reject(raw, ctx, RejectReason.IMPLAUSIBLE, what + ": no node id");
      return;
    }
    if (v.getOutpatientVisits() == null && v.getInpatientBedDays() == null) {
      reject(raw, ctx, RejectReason.EMPTY_READING, what + ": neither outpatient visits nor inpatient bed-days");
      return;
    }
    for (Double m : new Double[] {v.getOutpatientVisits(), v.getInpatientBedDays()}) {
      if (m != null && !Double.isFinite(m)) {
        reject(raw, ctx, RejectReason.NOT_FINITE, what + ": " + m);
        return;
      }
      if (m != null && m < 0) {
        reject(raw, ctx, RejectReason.NEGATIVE, what + ": " + m);
        return;
      }
    }
    VolumeDay d = new VolumeDay();
    d.nodeId = v.getNodeId();
    d.epochDay = v.getDay().toEpochDay();
    d.outpatientVisits = v.getOutpatientVisits() == null ? Double.NaN : v.getOutpatientVisits();
    d.inpatientBedDays = v.getInpatientBedDays() == null ? Double.NaN : v.getInpatientBedDays();
    d.publishedAtMs = v.getPublishedAt().toEpochMilli();
    d.source = v.getSource();
    out.collect(d);
  }

  private void reject(RawRecord raw, Context ctx, RejectReason reason, String detail) {
    ctx.output(DeadLetters.TAG, deadLetters.of(raw, new Rejection(reason, detail)));
  }
}
