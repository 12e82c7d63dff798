-- Business volume per node and local day (outpatient visits, inpatient bed-days) as published to the
-- business-volume topic and written by the forecast job: the denominators of energy per visit and per
-- bed-day. A later publication for the same node and day replaces the earlier (version: published_at in ms).
CREATE TABLE IF NOT EXISTS business_volume
(
    node_id             String,
    day                 Date,
    outpatient_visits   Nullable(Float64),
    inpatient_bed_days  Nullable(Float64),
    published_at        DateTime('UTC'),
    source              String,
    version             UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (node_id, day);
