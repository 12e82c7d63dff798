-- Daily forecasts for the rest of the current local day and month, written every hour by the forecast
-- job per node and energy type: today = what was used so far plus the forecast of its remaining hours;
-- a later day = the mean of the last seven complete days of its class (working day or day off), with
-- an interval of +-1.645 standard deviations of those days (lower and upper equal the forecast while
-- there are fewer than two such days).
CREATE TABLE IF NOT EXISTS forecasts_daily
(
    node_level    String,
    node_id       String,
    energy_type   String,
    unit          String,
    issued_at     DateTime('UTC'),
    day_start     DateTime('UTC'),
    forecast      Float64,
    lower         Float64,
    upper         Float64,
    written_at    DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day_start)
ORDER BY (node_id, energy_type, day_start, issued_at);
