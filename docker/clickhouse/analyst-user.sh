#!/bin/bash
# Runs once, when the ClickHouse container initialises its data: the analysts' read-only user. The jobs
# write as CLICKHOUSE_USER (wattward); analysts read as "analyst", who may SELECT the wattward database
# and nothing else, under a profile that forbids writes and settings changes and limits memory and time.
set -euo pipefail
: "${WATTWARD_ANALYST_PASSWORD:?set WATTWARD_ANALYST_PASSWORD}"
clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE SETTINGS PROFILE IF NOT EXISTS analyst
  SETTINGS readonly = 1, max_memory_usage = 2000000000, max_execution_time = 120, max_result_rows = 1000000;
CREATE USER IF NOT EXISTS analyst IDENTIFIED WITH sha256_password BY '${WATTWARD_ANALYST_PASSWORD//\'/\'\'}'
  SETTINGS PROFILE analyst;
GRANT SELECT ON ${CLICKHOUSE_DB}.* TO analyst;
SQL
