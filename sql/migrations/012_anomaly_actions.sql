-- What people did about an anomaly in the web cockpit (`wattward serve`): one row per action, never
-- changed. action ACKNOWLEDGE (someone is on it) or SILENCE (do not show it as needing attention until
-- `until`). An anomaly's current state for the cockpit is its latest action (argMax by at); the anomaly
-- job's own rows in `anomalies` stay untouched. by_user is the signed-in operator.
CREATE TABLE IF NOT EXISTS anomaly_actions
(
    anomaly_id  String,
    action      String,
    by_user     String,
    at          DateTime('UTC'),
    until       Nullable(DateTime('UTC')),
    note        String,
    written_at  DateTime('UTC') DEFAULT now()
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (anomaly_id, at);
