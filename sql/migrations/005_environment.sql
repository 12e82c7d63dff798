-- Environment: the sensor registry, and the indoor and outdoor environment per node and window.

-- Where each environment sensor set is and the type of room it watches (which selects the range
-- profile of configuration environment.profiles). Loaded by `wattward topology load --sensors FILE`;
-- a reload replaces earlier loads. An outdoor sensor set (room_type 'outdoor') has no building.
CREATE TABLE IF NOT EXISTS sensor_registry
(
    sensor_id   String,
    hospital    String,
    campus      String,
    building    String,
    floor       String,
    department  String,
    room        String,
    room_type   String,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY sensor_id;

-- One row per node and window. Each sensor set's readings are averaged per minute first (a sensor-minute);
-- a window's avg / min / max are over its sensor-minutes. <factor>_minutes_out counts the minutes of the
-- window in which at least one of the node's sensor sets was outside the range of its room type for that
-- factor; minutes_out counts the minutes in which any factor was. A factor no sensor of the node reports
-- is NULL. sensors_expected: sensor sets registered under the node. Nodes: room, floor, building and department as in node_energy_*, and the campus
-- ('PPH/MAIN') for outdoor sensor sets. room_type is set on room rows.
-- Written once, when the watermark has passed the window's end plus environment.allowedLatenessMs; a
-- restart may write a row again with the same values, so read with FINAL.
CREATE TABLE IF NOT EXISTS env_1m
(
    node_level                    String,
    node_id                       String,
    building                      String,
    room_type                     String,
    window_start                  DateTime('UTC'),
    sensors_expected              UInt32,
    sensor_minutes                UInt32,
    temperature_avg_c         Nullable(Float64),
    temperature_min_c         Nullable(Float64),
    temperature_max_c         Nullable(Float64),
    temperature_minutes_out   UInt32,
    humidity_avg_pct          Nullable(Float64),
    humidity_min_pct          Nullable(Float64),
    humidity_max_pct          Nullable(Float64),
    humidity_minutes_out      UInt32,
    co2_avg_ppm               Nullable(Float64),
    co2_min_ppm               Nullable(Float64),
    co2_max_ppm               Nullable(Float64),
    co2_minutes_out           UInt32,
    voc_avg_ppb               Nullable(Float64),
    voc_min_ppb               Nullable(Float64),
    voc_max_ppb               Nullable(Float64),
    voc_minutes_out           UInt32,
    pm25_avg_ug_m3            Nullable(Float64),
    pm25_min_ug_m3            Nullable(Float64),
    pm25_max_ug_m3            Nullable(Float64),
    pm25_minutes_out          UInt32,
    illuminance_avg_lux       Nullable(Float64),
    illuminance_min_lux       Nullable(Float64),
    illuminance_max_lux       Nullable(Float64),
    illuminance_minutes_out   UInt32,
    minutes_out                   UInt32,
    version                       UInt64,
    written_at                    DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (node_level, node_id, window_start);

CREATE TABLE IF NOT EXISTS env_15m AS env_1m;
CREATE TABLE IF NOT EXISTS env_1h AS env_1m;
CREATE TABLE IF NOT EXISTS env_1d AS env_1m;
