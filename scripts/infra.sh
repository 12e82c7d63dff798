#!/usr/bin/env bash
# Local infrastructure for the demo and the tests: a single-node Kafka broker (KRaft, from the
# kafka_2.13 artifacts on Maven Central) and a ClickHouse server (Debian's clickhouse-server), both
# on 127.0.0.1, with their data under .local/ in the project.
#
#   scripts/infra.sh up       install what is missing, start both servers, wait until healthy
#   scripts/infra.sh status   say what runs where; exit 1 if a server is down
#   scripts/infra.sh down     stop both servers by PID
#   scripts/infra.sh env      print the connection settings (the file .local/infra.env, readable by you only:
#                             it holds the ClickHouse passwords of the writer "wattward" and of "analyst")
#   scripts/infra.sh clean    down, then delete all local server data
#   scripts/infra.sh stop kafka|clickhouse    stop one server (fault drills), keeping its data and ports
#   scripts/infra.sh start kafka|clickhouse   start it again on the same ports
#   scripts/infra.sh browser  install Debian's chromium and chromium-driver if missing (the cockpit's browser
#                             tests; `./wattward test` runs it before Maven)
#   scripts/infra.sh chdb     install chdb (ClickHouse 26.7 in-process, from npm, pinned in scripts/chdb) into
#                             .local/chdb if missing: the SQL files' test on a current engine (`./wattward test`
#                             runs it before Maven); scripts/chdb/run.mjs runs SQL on it
#
# WATTWARD_LOCAL_DIR puts another set of servers, with their own data, ports and settings, in another folder
# (the fault drill uses .local/drill so that stopping its servers disturbs nobody).
# Ports: WATTWARD_KAFKA_PORT (default 19092, controller uses the next port),
# WATTWARD_CLICKHOUSE_HTTP_PORT (default 18123), WATTWARD_CLICKHOUSE_TCP_PORT (default 19000).
# A default port that is taken is replaced by the next free one; a port you set explicitly must be free.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${WATTWARD_LOCAL_DIR:-$ROOT/.local}"
KAFKA_DIR="$LOCAL/kafka"
CH_DIR="$LOCAL/clickhouse"
ENV_FILE="$LOCAL/infra.env"
# the broker jars and chdb are shared by every set of servers (they are only code)
KAFKA_LIBS="$ROOT/.local/kafka/libs"
CHDB_DIR="$ROOT/.local/chdb"

say() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# choose_port NAME DEFAULT EXPLICIT: the explicit port must be free; the default moves to the next free one.
choose_port() {
  local name=$1 default=$2 explicit=${3:-} p
  if [ -n "$explicit" ]; then
    port_in_use "$explicit" && die "$name port $explicit (set explicitly) is already in use; free it or choose another"
    echo "$explicit"; return
  fi
  p=$default
  while port_in_use "$p" || port_in_use "$((p + 1))"; do
    p=$((p + 2))
    [ "$p" -gt $((default + 200)) ] && die "no free port for $name between $default and $((default + 200))"
  done
  echo "$p"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

clickhouse_binary() {
  if command -v clickhouse-server >/dev/null 2>&1; then command -v clickhouse-server; return; fi
  if command -v clickhouse >/dev/null 2>&1; then echo "$(command -v clickhouse) server"; return; fi
  return 1
}

# apt_install WHAT PACKAGE...: installs Debian packages (as root, or with sudo -n)
apt_install() {
  local what=$1; shift
  command -v apt-get >/dev/null || die "apt-get not found: install $what ($*) by other means"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "installing $what needs root (or sudo)"
    sudo="sudo -n"
  fi
  $sudo apt-get update -qq || die "apt-get update failed (is a Debian mirror reachable?)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null \
    || die "apt-get install $* failed"
}

ensure_clickhouse_installed() {
  clickhouse_binary >/dev/null && return
  say "clickhouse-server is not installed; installing Debian's package (apt-get)"
  apt_install "clickhouse-server (any version from 18.16 on)" clickhouse-server clickhouse-client
  # Debian's package may start its own service on the default ports; ours runs separately.
  clickhouse_binary >/dev/null || die "clickhouse-server still not found after installing"
}

# The reports embed a font with Chinese glyphs (department names) in their PDFs and charts.
REPORT_FONT=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
ensure_report_font() {
  [ -f "$REPORT_FONT" ] && return
  say "the reports' CJK font is not installed; installing Debian's fonts-droid-fallback (apt-get)"
  apt_install "a CJK font for the reports" fonts-droid-fallback
  [ -f "$REPORT_FONT" ] || die "$REPORT_FONT still missing after installing fonts-droid-fallback"
}

# The cockpit's browser tests drive Debian's Chromium through its chromedriver (no browser download at run time).
ensure_browser() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then return; fi
  say "chromium or chromium-driver is not installed; installing Debian's packages (apt-get)"
  apt_install "a headless browser for the cockpit's tests" chromium chromium-driver
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
    || die "chromium or chromedriver still missing after installing chromium and chromium-driver"
}

# chdb: the current ClickHouse engine as a library (no server), installed once per version of its lock file.
ensure_chdb() {
  local lock="$ROOT/scripts/chdb/package-lock.json" stamp
  stamp="$CHDB_DIR/.installed-$(md5sum "$lock" | cut -c1-12)"
  [ -f "$stamp" ] && return
  command -v npm >/dev/null && command -v node >/dev/null || die "node and npm are needed to install chdb"
  say "installing chdb (ClickHouse 26.7 in-process, a 566 MB library) from npm into $CHDB_DIR"
  rm -rf "$CHDB_DIR"
  mkdir -p "$CHDB_DIR"
  cp "$ROOT/scripts/chdb/package.json" "$lock" "$CHDB_DIR/"
  # npm install, not npm ci: the lock file leaves out the other platforms' optional engine packages, which
  # npm ci then calls missing; install still takes every version and checksum from the lock file
  (cd "$CHDB_DIR" && npm install --no-audit --no-fund --loglevel=error) >"$CHDB_DIR/install.log" 2>&1 \
    || die "npm install of chdb failed; see $CHDB_DIR/install.log"
  touch "$stamp"
}

chdb_version() { echo "SELECT version()" | node "$ROOT/scripts/chdb/run.mjs" --format TSV; }

ensure_kafka_libs() {
  local stamp
  stamp="$KAFKA_LIBS/.resolved-$(md5sum "$ROOT/scripts/kafka-broker/pom.xml" | cut -c1-12)"
  if [ -f "$stamp" ]; then return; fi
  rm -rf "$KAFKA_LIBS"
  say "resolving the Kafka broker (org.apache.kafka:kafka_2.13:4.4.0) from Maven Central"
  command -v mvn >/dev/null || die "mvn not found: Maven is needed to fetch the Kafka broker"
  mkdir -p "$KAFKA_LIBS"
  mvn -B -q -f "$ROOT/scripts/kafka-broker/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_LIBS" >"$KAFKA_DIR/resolve.log" 2>&1 \
    || die "could not resolve the Kafka broker jars; see $KAFKA_DIR/resolve.log"
  touch "$stamp"
}

xml_escape() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }
new_password() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }

write_clickhouse_config() {
  local http=$1 tcp=$2
  mkdir -p "$CH_DIR/data/" "$CH_DIR/tmp/" "$CH_DIR/user_files/" "$CH_DIR/format_schemas/" "$CH_DIR/log"
  cat >"$CH_DIR/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>$CH_DIR/log/clickhouse-server.log</log>
    <errorlog>$CH_DIR/log/clickhouse-server.err.log</errorlog>
    <size>100M</size>
    <count>3</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <max_connections>512</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>1073741824</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$CH_DIR/data/</path>
  <tmp_path>$CH_DIR/tmp/</tmp_path>
  <user_files_path>$CH_DIR/user_files/</user_files_path>
  <format_schema_path>$CH_DIR/format_schemas/</format_schema_path>
  <users_config>$CH_DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
  # three users: the jobs' and commands' writer, the analysts' read-only user with limits, and default
  # with a password nobody is told (ClickHouse 18.16 has no SQL users; current servers: docker/clickhouse)
  cat >"$CH_DIR/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <use_uncompressed_cache>0</use_uncompressed_cache>
      <load_balancing>random</load_balancing>
    </default>
    <analyst>
      <readonly>1</readonly>
      <max_memory_usage>2000000000</max_memory_usage>
      <max_execution_time>120</max_execution_time>
      <max_result_rows>1000000</max_result_rows>
    </analyst>
  </profiles>
  <users>
    <default>
      <password>$(xml_escape "$CH_DEFAULT_PASSWORD")</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
    <wattward>
      <password>$(xml_escape "$WATTWARD_CLICKHOUSE_PASSWORD")</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </wattward>
    <analyst>
      <password>$(xml_escape "$WATTWARD_ANALYST_PASSWORD")</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>analyst</profile>
      <quota>default</quota>
    </analyst>
  </users>
  <quotas>
    <default>
      <interval><duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>
    </default>
  </quotas>
</yandex>
EOF
}

write_kafka_config() {
  local port=$1 controller=$2
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/log"
  cat >"$KAFKA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# the jobs' exactly-once topics keep a transaction open up to a week (a job restarted days later commits it)
transaction.max.timeout.ms=604800000
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
log.segment.bytes=268435456
EOF
}

wait_for() { # description seconds command...
  local what=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

clickhouse_ping() { curl -sf "http://127.0.0.1:$1/ping" | grep -q Ok; }
kafka_ready() { grep -q "Kafka Server started" "$KAFKA_DIR/log/server.out" && port_in_use "$1"; }

start_clickhouse() {
  local http=$1 tcp=$2 bin
  bin=$(clickhouse_binary)
  # default keeps a password nobody is told: everyone logs in as wattward (writer) or analyst (read-only)
  CH_DEFAULT_PASSWORD=$(new_password)
  write_clickhouse_config "$http" "$tcp"
  say "starting ClickHouse on 127.0.0.1:$http (http) / $tcp (native)"
  # shellcheck disable=SC2086
  setsid $bin --config-file="$CH_DIR/config.xml" >"$CH_DIR/log/stdout.log" 2>&1 < /dev/null &
  echo $! >"$CH_DIR/pid"
  if ! wait_for "ClickHouse" 30 clickhouse_ping "$http"; then
    tail -20 "$CH_DIR/log/clickhouse-server.err.log" "$CH_DIR/log/stdout.log" >&2 2>/dev/null || true
    die "ClickHouse did not answer /ping on port $http within 30 s (logs above, in $CH_DIR/log)"
  fi
  say "ClickHouse $(curl -sf -u "wattward:$WATTWARD_CLICKHOUSE_PASSWORD" "http://127.0.0.1:$http/?query=SELECT%20version()") is up"
}

start_kafka() {
  local port=$1 controller=$2
  ensure_kafka_libs
  write_kafka_config "$port" "$controller"
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    [ -n "$cluster_id" ] || die "kafka StorageTool random-uuid failed"
    java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
      >"$KAFKA_DIR/log/format.log" 2>&1 || die "formatting Kafka storage failed; see $KAFKA_DIR/log/format.log"
  fi
  say "starting Kafka 4.4.0 (KRaft) on 127.0.0.1:$port"
  : >"$KAFKA_DIR/log/server.out"
  setsid java -Xms256m -Xmx${WATTWARD_KAFKA_HEAP:-768m} -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -Dkafka.logs.dir="$KAFKA_DIR/log" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/log/server.out" 2>&1 < /dev/null &
  echo $! >"$KAFKA_DIR/pid"
  if ! wait_for "Kafka" 60 kafka_ready "$port"; then
    tail -30 "$KAFKA_DIR/log/server.out" >&2 || true
    die "Kafka did not start on port $port within 60 s (log above, in $KAFKA_DIR/log/server.out)"
  fi
}

write_kafka_log4j() {
  mkdir -p "$KAFKA_DIR/log"
  cat >"$KAFKA_DIR/log4j2.properties" <<'EOF'
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = out
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = INFO
EOF
}

read_env() { [ -f "$ENV_FILE" ] && . "$ENV_FILE"; }

status() {
  local ok=0
  if read_env; then :; else say "not started (no $ENV_FILE)"; return 1; fi
  if pid_alive "$KAFKA_DIR/pid" && port_in_use "$WATTWARD_KAFKA_PORT"; then
    say "Kafka       up   pid $(cat "$KAFKA_DIR/pid")  bootstrap $WATTWARD_KAFKA_BOOTSTRAP"
  else say "Kafka       DOWN"; ok=1; fi
  if pid_alive "$CH_DIR/pid" && clickhouse_ping "$WATTWARD_CLICKHOUSE_HTTP_PORT"; then
    say "ClickHouse  up   pid $(cat "$CH_DIR/pid")  http 127.0.0.1:$WATTWARD_CLICKHOUSE_HTTP_PORT  native 127.0.0.1:$WATTWARD_CLICKHOUSE_TCP_PORT"
  else say "ClickHouse  DOWN"; ok=1; fi
  if [ -z "${WATTWARD_CLICKHOUSE_USER:-}" ]; then
    say "these servers were started by an older set-up (no ClickHouse users): scripts/infra.sh up restarts them"
    ok=1
  fi
  return $ok
}

stop_pid() { # name pidfile
  local name=$1 file=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then say "$name did not stop in 10 s; killing it"; kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

up() {
  ensure_report_font
  if status >/dev/null 2>&1; then say "already up"; status; return 0; fi
  # a half-started set (one server died) is stopped first so ports and PIDs are consistent
  down_quiet
  ensure_clickhouse_installed
  command -v java >/dev/null || die "java not found (Java 17 is needed)"
  command -v curl >/dev/null || die "curl not found (used for health checks)"
  mkdir -p "$LOCAL"
  local kafka_port controller ch_http ch_tcp
  kafka_port=$(choose_port Kafka 19092 "${WATTWARD_KAFKA_PORT:-}")
  controller=$((kafka_port + 1))
  ch_http=$(choose_port "ClickHouse HTTP" 18123 "${WATTWARD_CLICKHOUSE_HTTP_PORT:-}")
  ch_tcp=$(choose_port "ClickHouse native" 19000 "${WATTWARD_CLICKHOUSE_TCP_PORT:-}")
  [ "$ch_tcp" = "$kafka_port" ] || [ "$ch_tcp" = "$controller" ] && ch_tcp=$((ch_tcp + 10))
  write_kafka_log4j
  # the writer's and the analysts' passwords: given in the environment, or made up here and kept in infra.env
  export WATTWARD_CLICKHOUSE_PASSWORD="${WATTWARD_CLICKHOUSE_PASSWORD:-$(new_password)}"
  export WATTWARD_ANALYST_PASSWORD="${WATTWARD_ANALYST_PASSWORD:-$(new_password)}"
  trap 'say "start-up failed; stopping what was started"; down_quiet' ERR EXIT
  start_clickhouse "$ch_http" "$ch_tcp"
  start_kafka "$kafka_port" "$controller"
  (umask 077; cat >"$ENV_FILE" <<EOF
WATTWARD_KAFKA_PORT=$kafka_port
WATTWARD_KAFKA_BOOTSTRAP=127.0.0.1:$kafka_port
WATTWARD_CLICKHOUSE_HTTP_PORT=$ch_http
WATTWARD_CLICKHOUSE_TCP_PORT=$ch_tcp
WATTWARD_CLICKHOUSE_URL=jdbc:clickhouse://127.0.0.1:$ch_http
WATTWARD_CLICKHOUSE_USER=wattward
WATTWARD_CLICKHOUSE_PASSWORD=$WATTWARD_CLICKHOUSE_PASSWORD
WATTWARD_ANALYST_USER=analyst
WATTWARD_ANALYST_PASSWORD=$WATTWARD_ANALYST_PASSWORD
EOF
  )
  trap - ERR EXIT
  say "up; settings in $ENV_FILE"
  status
}

down_quiet() {
  stop_pid Kafka "$KAFKA_DIR/pid"
  stop_pid ClickHouse "$CH_DIR/pid"
  rm -f "$ENV_FILE"
}

# stop_one kafka|clickhouse / start_one kafka|clickhouse: one server of a running set, same ports and data
stop_one() {
  case "${1:-}" in
    kafka) stop_pid Kafka "$KAFKA_DIR/pid" ;;
    clickhouse) stop_pid ClickHouse "$CH_DIR/pid" ;;
    *) die "stop what? kafka or clickhouse" ;;
  esac
}

start_one() {
  read_env || die "not started: run scripts/infra.sh up first"
  case "${1:-}" in
    kafka)
      pid_alive "$KAFKA_DIR/pid" && { say "Kafka is already running"; return 0; }
      start_kafka "$WATTWARD_KAFKA_PORT" "$((WATTWARD_KAFKA_PORT + 1))" ;;
    clickhouse)
      pid_alive "$CH_DIR/pid" && { say "ClickHouse is already running"; return 0; }
      start_clickhouse "$WATTWARD_CLICKHOUSE_HTTP_PORT" "$WATTWARD_CLICKHOUSE_TCP_PORT" ;;
    *) die "start what? kafka or clickhouse" ;;
  esac
}

case "${1:-}" in
  up) up ;;
  stop) stop_one "${2:-}" ;;
  start) start_one "${2:-}" ;;
  browser) ensure_browser; say "browser: $(command -v chromium), $(command -v chromedriver)" ;;
  chdb) ensure_chdb; say "chdb: ClickHouse $(chdb_version || die "chdb does not run") in-process, in $CHDB_DIR" ;;
  down) down_quiet; say "down" ;;
  status) status ;;
  env) [ -f "$ENV_FILE" ] && cat "$ENV_FILE" || die "not started: run scripts/infra.sh up" ;;
  clean) down_quiet; rm -rf "$KAFKA_DIR/data" "$CH_DIR/data" "$KAFKA_DIR/log" "$CH_DIR/log"; say "local server data removed" ;;
  -h|--help|help|"") awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" ;;
  *) die "unknown command '$1' (up, down, status, env, clean, stop, start, browser, chdb)" ;;
esac
