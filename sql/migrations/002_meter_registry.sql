-- The meter registry as a dimension: where each meter sits in both hierarchies, from effective_from on.
-- Loaded from the topology CSV by `wattward topology load`; a reload of the same registration replaces it
-- (the highest version wins). Join it to meter_minute on meter_id to roll consumption up by building,
-- floor, department, system or sub-item.
CREATE TABLE IF NOT EXISTS meter_registry
(
    meter_id          String,
    effective_from    DateTime('UTC'),
    point_kind        String,
    energy_type       String,
    category_code     String,
    sub_item_code     String,
    hospital          String,
    campus            String,
    building          String,
    floor             String,
    department        String,
    room              String,
    system            String,
    subsystem         String,
    device            String,
    value_kind        String,
    unit              String,
    multiplier        Float64,
    register_capacity Float64,
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (meter_id, effective_from);
