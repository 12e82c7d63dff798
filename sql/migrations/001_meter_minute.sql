-- Consumption per meter per minute, as measured: the first job's output and the base of every roll-up.
-- One row per (meter_id, minute_start). A row written again (a restart from a checkpoint replays it,
-- a late reading corrects it) has the same key and a version at least as high, so ReplacingMergeTree
-- keeps exactly one: read with FINAL, or argMax(consumption, version) grouped by the key.
CREATE TABLE IF NOT EXISTS meter_minute
(
    meter_id     String,
    minute_start DateTime('UTC'),
    consumption  Decimal(18, 3),
    unit         String,
    readings     UInt16,
    version      UInt64,
    written_at   DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(minute_start)
ORDER BY (meter_id, minute_start);
