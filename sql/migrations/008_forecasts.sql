-- Load forecasts: every hour, the forecast job writes the next 24 hours for each node (building,
-- department, system) and energy type, with the prediction interval (nominally 90 %). A forecast
-- hour is written once per issue: to compare forecasts with what happened, pick an issue time
-- (e.g. the day-ahead forecast: issued_at = the local midnight before) and join node_energy_1h.
CREATE TABLE IF NOT EXISTS forecasts
(
    node_level    String,
    node_id       String,
    energy_type   String,
    unit          String,
    issued_at     DateTime('UTC'),
    hour_start    DateTime('UTC'),
    horizon_h     UInt8,
    forecast      Float64,
    lower         Float64,
    upper         Float64,
    written_at    DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(hour_start)
ORDER BY (node_id, energy_type, hour_start, issued_at);

-- Day-ahead accuracy per node, energy type and local day (the forecasts issued at the local midnight
-- before each hour), and over the 30 days to it: CV(RMSE) and NMBE as in ASHRAE Guideline 14 (n in the
-- denominator), MAPE over hours with energy.
CREATE TABLE IF NOT EXISTS forecast_accuracy
(
    node_level       String,
    node_id          String,
    energy_type      String,
    day_start        DateTime('UTC'),
    hours            UInt16,
    cv_rmse_pct      Float64,
    nmbe_pct         Float64,
    mape_pct         Float64,
    hours_30d        UInt32,
    cv_rmse_30d_pct  Float64,
    nmbe_30d_pct     Float64,
    mape_30d_pct     Float64,
    written_at       DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree
ORDER BY (node_id, energy_type, day_start);
