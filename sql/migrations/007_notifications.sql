-- Every delivery attempt of the notifier, one row per attempt: what was sent to whom over which channel,
-- and how it went (SENT, FAILED: will retry, GAVE_UP: retries exhausted). Append-only.
CREATE TABLE IF NOT EXISTS notification_log
(
    notification_id  String,
    receiver         String,
    channel          String,
    group_key        String,
    reason           String,
    severity         String,
    anomaly_ids      String,
    attempt          UInt16,
    status           String,
    detail           String,
    attempted_at     DateTime('UTC'),
    duration_ms      UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(attempted_at)
ORDER BY (attempted_at, notification_id, channel);

-- Tickets opened in the hospital's repair system, one per anomaly and work-order channel.
CREATE TABLE IF NOT EXISTS work_orders
(
    anomaly_id  String,
    receiver    String,
    ticket_id   String,
    opened_at   DateTime('UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (anomaly_id, receiver);
