-- Roll-ups along both hierarchies, one table per window size, one row per node, energy type, sub-item
-- and window. Written by the rollup job as idempotent upserts: a late reading re-writes the affected rows
-- with a higher version, so always read with FINAL (or argMax by version).
--
-- Nodes (node_level / node_id):
--   spatial:  hospital 'PPH', campus 'PPH/MAIN', building 'PPH/MAIN/IP2', floor 'PPH/MAIN/IP2/F03',
--             department 'PPH/MAIN/CARDIOLOGY' (a cost centre across floors and buildings),
--             room 'PPH/MAIN/IP2/F02/IP2-F02-R201'
--   itemized: system 'PPH/MAIN/IP2/hvac', subsystem 'PPH/MAIN/IP2/hvac/chiller-plant',
--             device 'PPH/MAIN/IP2/hvac/chiller-plant/CH-1'
--   virtual:  'virtual/<meter id>' for a formula of meters
-- Only accounting meters (meter_registry.accounting = 1) roll up, so no consumption is counted twice;
-- main meters (transformers, distribution boards) stay in meter_minute for balance checks.
CREATE TABLE IF NOT EXISTS node_energy_1m
(
    hierarchy          String,
    node_level         String,
    node_id            String,
    building           String,
    energy_type        String,
    sub_item_code      String,
    window_start       DateTime('UTC'),
    consumption        Decimal(18, 3),
    unit               String,
    peak_demand_kw     Float64,
    meters_expected    UInt32,
    meter_minutes      UInt32,
    coverage_pct       Float64,
    tce_kg             Float64,
    co2_kg             Float64,
    cost_cny           Float64,
    version            UInt64,
    written_at         DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (node_level, node_id, energy_type, sub_item_code, window_start);

CREATE TABLE IF NOT EXISTS node_energy_15m AS node_energy_1m;
CREATE TABLE IF NOT EXISTS node_energy_1h AS node_energy_1m;
CREATE TABLE IF NOT EXISTS node_energy_1d AS node_energy_1m;

-- What happened to a meter's data: register resets and replacements, rollovers, gaps, spikes.
CREATE TABLE IF NOT EXISTS meter_events
(
    meter_id     String,
    event_time   DateTime('UTC'),
    kind         String,
    detail       String,
    value_before Float64,
    value_after  Float64,
    gap_minutes  UInt32,
    written_at   DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(event_time)
ORDER BY (meter_id, event_time, kind);

-- Attributes analysts divide by: beds, floor area, people (staff + average daily patients).
CREATE TABLE IF NOT EXISTS node_info
(
    node_level  String,
    node_id     String,
    name        String,
    beds        UInt32,
    area_m2     Float64,
    people      UInt32,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (node_level, node_id);

ALTER TABLE meter_registry ADD COLUMN accounting UInt8 DEFAULT 1;
ALTER TABLE meter_registry ADD COLUMN formula String DEFAULT '';
ALTER TABLE meter_registry ADD COLUMN max_rate_per_hour Float64 DEFAULT 0;
