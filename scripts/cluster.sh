#!/usr/bin/env bash
# A local Flink standalone cluster on 127.0.0.1: a JobManager (StandaloneSessionClusterEntrypoint, with the REST
# API and the web UI) and N TaskManagers (TaskManagerRunner), each its own JVM, from the flink-runtime,
# flink-runtime-web, flink-statebackend-rocksdb ... artifacts on Maven Central (Maven Central serves no flink-dist).
# RocksDB state, retained checkpoints, exponential-delay restarts; config, logs, pids and checkpoints under
# .local/cluster (framework logs go to files, the console gets one line per process).
#
#   scripts/cluster.sh up [--taskmanagers N] [--slots S] [--task-heap SIZE]   start (default 2 TaskManagers with
#                                         2 slots each and 256m of task heap); a cluster already up is left as it
#                                         is, TaskManagers missing are started
#   scripts/cluster.sh down               stop every process of the cluster by its pid
#   scripts/cluster.sh status             the processes and the REST URL (`wattward cluster status` adds the
#                                         TaskManagers registered and the jobs, from the REST API); exit 1 if down
#   scripts/cluster.sh add-taskmanager    start one more TaskManager (e.g. after one was killed)
#   scripts/cluster.sh rest-url           print the JobManager's REST URL
#
# WATTWARD_LOCAL_DIR puts the cluster under another folder (a test's own cluster). Ports: WATTWARD_FLINK_REST_PORT
# (default 18081) and WATTWARD_FLINK_RPC_PORT (default 16123); a default port that is taken moves to the next free
# one. Every JVM gets -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.wattward.schema (Avro 1.12, PLATFORM.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${WATTWARD_LOCAL_DIR:-$ROOT/.local}"
CLUSTER="$LOCAL/cluster"
CONF="$CLUSTER/conf"
LOGS="$CLUSTER/log"
PIDS="$CLUSTER/pids"
ENV_FILE="$CLUSTER/cluster.env"
# the cluster's jars are shared by every cluster folder (they are only code)
FLINK_LIBS="$ROOT/.local/flink/libs"
# no Flink plugins (metrics reporters, file systems) are used; an empty folder keeps Flink from looking for one
export FLINK_PLUGINS_DIR="$CLUSTER/plugins"
POM="$ROOT/scripts/flink-cluster/pom.xml"

say() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

choose_port() { # NAME DEFAULT EXPLICIT
  local name=$1 default=$2 explicit=${3:-} p
  if [ -n "$explicit" ]; then
    port_in_use "$explicit" && die "$name port $explicit (set explicitly) is already in use; free it or choose another"
    echo "$explicit"; return
  fi
  p=$default
  while port_in_use "$p"; do
    p=$((p + 1))
    [ "$p" -gt $((default + 200)) ] && die "no free port for $name between $default and $((default + 200))"
  done
  echo "$p"
}

# Flink's own defaults for Java 17 (the env.java.default-opts.all of flink-dist's config.yaml), the Avro packages
# WattWard's records may be deserialized from, and G1.
JAVA_OPTS=(-XX:+UseG1GC -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.wattward.schema
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

ensure_flink_libs() {
  local stamp
  stamp="$FLINK_LIBS/.resolved-$(md5sum "$POM" | cut -c1-12)"
  [ -f "$stamp" ] && return
  command -v mvn >/dev/null || die "mvn not found: Maven is needed to fetch the Flink cluster's jars"
  say "resolving the Flink cluster's jars (flink-runtime, flink-runtime-web, RocksDB ... 2.2.1) from Maven Central"
  rm -rf "$FLINK_LIBS"
  mkdir -p "$FLINK_LIBS"
  mvn -B -q -f "$POM" dependency:copy-dependencies -DoutputDirectory="$FLINK_LIBS" >"$FLINK_LIBS/../resolve.log" 2>&1 \
    || die "could not resolve the Flink cluster's jars; see $FLINK_LIBS/../resolve.log"
  touch "$stamp"
}

read_env() { [ -f "$ENV_FILE" ] && . "$ENV_FILE"; }

rest_ok() { curl -sf --max-time 2 "$1/overview" >/dev/null; }

write_config() { # REST_PORT RPC_PORT SLOTS [TASK_HEAP]
  local rest=$1 rpc=$2 slots=$3 task_heap=${4:-256m}
  mkdir -p "$CONF" "$LOGS" "$PIDS" "$FLINK_PLUGINS_DIR" "$CLUSTER/tmp" "$CLUSTER/checkpoints" "$CLUSTER/savepoints"
  cat >"$CONF/config.yaml" <<EOF
# written by scripts/cluster.sh up; docker/ runs the same settings
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc
jobmanager.bind-host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest
web.upload.dir: $CLUSTER/tmp
blob.storage.directory: $CLUSTER/tmp
io.tmp.dirs: $CLUSTER/tmp

# small JVMs: two cores and other servers share this machine
jobmanager.memory.heap.size: 384m
jobmanager.memory.off-heap.size: 64m
jobmanager.memory.jvm-metaspace.size: 192m
jobmanager.memory.jvm-overhead.min: 64m
jobmanager.memory.jvm-overhead.max: 64m
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.framework.heap.size: 64m
taskmanager.memory.task.heap.size: $task_heap
taskmanager.memory.managed.size: 256m
taskmanager.memory.framework.off-heap.size: 64m
taskmanager.memory.task.off-heap.size: 32m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 192m
taskmanager.memory.jvm-overhead.min: 64m
taskmanager.memory.jvm-overhead.max: 64m
# a job's slots spread over the TaskManagers (one TaskManager lost takes part of every job, not all of one)
taskmanager.load-balance.mode: slots

# RocksDB state; checkpoints retained when a job is cancelled or fails (a job's own folder, set at submission, wins)
state.backend.type: rocksdb
# timers on the heap (snapshotted with the checkpoints): with 128 MB of managed memory and timers in RocksDB a
# 3-hour replay of the reference hospital took 146 s, with these two settings 112 s
state.backend.rocksdb.timer-service.factory: HEAP
# Bloom filters in the SST files: a window or reading looked up before it exists (a new minute, say) is then
# known absent without reading every level's blocks
state.backend.rocksdb.use-bloom-filter: true
execution.checkpointing.incremental: true
execution.checkpointing.dir: file://$CLUSTER/checkpoints
execution.checkpointing.savepoint-dir: file://$CLUSTER/savepoints
execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION

# a failed job restarts by itself, 1 s after the first failure, doubling up to 1 min
restart-strategy.type: exponential-delay
restart-strategy.exponential-delay.initial-backoff: 1 s
restart-strategy.exponential-delay.max-backoff: 1 min
restart-strategy.exponential-delay.backoff-multiplier: 2.0
restart-strategy.exponential-delay.reset-backoff-threshold: 10 min
restart-strategy.exponential-delay.jitter-factor: 0.1

# a TaskManager that dies is noticed within seconds (its tasks are then redeployed)
heartbeat.interval: 2000
heartbeat.timeout: 15000
heartbeat.rpc-failure-threshold: 2
classloader.resolve-order: child-first
EOF
  cat >"$CONF/log4j2.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.filePattern = ${sys:log.file}.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.clickhouse.name = ru.yandex.clickhouse
logger.clickhouse.level = WARN
EOF
}

# resource_params JM|TM: Flink's own computation of the JVM's memory flags and the matching dynamic settings
# (what flink-dist's start scripts do through BashJavaUtils)
resource_params() {
  local which=$1 out
  out=$(java -cp "$FLINK_LIBS/*" -Dlog4j2.configurationFile=/dev/null org.apache.flink.runtime.util.bash.BashJavaUtils \
        "GET_${which}_RESOURCE_PARAMS" --configDir "$CONF" 2>&1) \
    || { printf '%s\n' "$out" >&2; die "Flink refused the $which memory settings (above)"; }
  printf '%s\n' "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

start_jobmanager() {
  local params jvm dynamic
  params=$(resource_params JM)
  jvm=$(printf '%s\n' "$params" | sed -n 1p)
  dynamic=$(printf '%s\n' "$params" | sed -n 2p)
  # shellcheck disable=SC2086
  setsid java $jvm "${JAVA_OPTS[@]}" -Dlog.file="$LOGS/jobmanager.log" -Dlog4j2.configurationFile="$CONF/log4j2.properties" \
    -cp "$FLINK_LIBS/*" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$CONF" $dynamic \
    >"$LOGS/jobmanager.out" 2>&1 </dev/null &
  echo $! >"$PIDS/jobmanager.pid"
}

# start_taskmanager: the next free number; waits until the JobManager has it registered
start_taskmanager() {
  local n=1 params jvm dynamic deadline
  while [ -f "$PIDS/taskmanager-$n.pid" ] && pid_alive "$PIDS/taskmanager-$n.pid"; do n=$((n + 1)); done
  while [ -e "$LOGS/taskmanager-$n.log" ] && [ -f "$PIDS/taskmanager-$n.pid" ]; do n=$((n + 1)); done
  params=$(resource_params TM)
  jvm=$(printf '%s\n' "$params" | sed -n 1p)
  dynamic=$(printf '%s\n' "$params" | sed -n 2p)
  # shellcheck disable=SC2086
  setsid java $jvm "${JAVA_OPTS[@]}" -Dlog.file="$LOGS/taskmanager-$n.log" \
    -Dlog4j2.configurationFile="$CONF/log4j2.properties" -cp "$FLINK_LIBS/*" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$CONF" $dynamic -D "taskmanager.resource-id=tm-$n" \
    >"$LOGS/taskmanager-$n.out" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PIDS/taskmanager-$n.pid"
  deadline=$((SECONDS + 60))
  # its own resource id among the registered ones (a count can mislead: a killed TaskManager stays counted until
  # its heartbeat times out)
  until curl -sf --max-time 2 "$WATTWARD_FLINK_REST/taskmanagers" | grep -q "\"id\":\"tm-$n\""; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$LOGS/taskmanager-$n.out" "$LOGS/taskmanager-$n.log" >&2 || true
      die "TaskManager tm-$n exited; see $LOGS/taskmanager-$n.log"; }
    [ $SECONDS -ge $deadline ] && die "TaskManager tm-$n did not register within 60 s; see $LOGS/taskmanager-$n.log"
    sleep 0.3
  done
  say "TaskManager tm-$n  up  pid $pid  ($(grep -o 'numberOfTaskSlots: [0-9]*' "$CONF/config.yaml" | cut -d' ' -f2) slots, log $LOGS/taskmanager-$n.log)"
}

alive_taskmanagers() {
  local n=0 f
  for f in "$PIDS"/taskmanager-*.pid; do [ -f "$f" ] && pid_alive "$f" && n=$((n + 1)); done
  echo $n
}

up() {
  local want=2 slots=${WATTWARD_FLINK_SLOTS:-2} task_heap=256m
  while [ $# -gt 0 ]; do
    case "$1" in
      --taskmanagers) want=${2:?--taskmanagers needs a number}; shift 2 ;;
      --slots) slots=${2:?--slots needs a number}; shift 2 ;;
      --task-heap) task_heap=${2:?--task-heap needs a size, e.g. 1024m}; shift 2 ;;
      *) die "unknown option $1 (up [--taskmanagers N] [--slots S] [--task-heap SIZE])" ;;
    esac
  done
  [[ "$task_heap" =~ ^[1-9][0-9]*[mg]$ ]] || die "--task-heap must be a size like 256m or 2g, got '$task_heap'"
  [[ "$want" =~ ^[0-9]+$ ]] || die "--taskmanagers must be a number, got '$want'"
  [[ "$slots" =~ ^[1-9][0-9]*$ ]] || die "--slots must be a positive number, got '$slots'"
  command -v java >/dev/null || die "java not found (Java 17 is needed)"
  command -v curl >/dev/null || die "curl not found (used for health checks)"
  ensure_flink_libs
  if read_env && pid_alive "$PIDS/jobmanager.pid" && rest_ok "$WATTWARD_FLINK_REST"; then
    say "JobManager already up  pid $(cat "$PIDS/jobmanager.pid")  REST and web UI $WATTWARD_FLINK_REST"
  else
    down_quiet
    local rest rpc
    rest=$(choose_port "Flink REST" 18081 "${WATTWARD_FLINK_REST_PORT:-}")
    rpc=$(choose_port "Flink RPC" 16123 "${WATTWARD_FLINK_RPC_PORT:-}")
    [ "$rpc" = "$rest" ] && rpc=$((rpc + 1))
    write_config "$rest" "$rpc" "$slots" "$task_heap"
    WATTWARD_FLINK_REST="http://127.0.0.1:$rest"
    printf 'WATTWARD_FLINK_REST=%s\nWATTWARD_FLINK_RPC_PORT=%s\n' "$WATTWARD_FLINK_REST" "$rpc" >"$ENV_FILE"
    trap 'say "start-up failed; stopping what was started"; down_quiet' ERR
    start_jobmanager
    local deadline=$((SECONDS + 60))
    until rest_ok "$WATTWARD_FLINK_REST"; do
      pid_alive "$PIDS/jobmanager.pid" || { tail -30 "$LOGS/jobmanager.out" "$LOGS/jobmanager.log" >&2 || true
        die "the JobManager exited; see $LOGS/jobmanager.log"; }
      [ $SECONDS -ge $deadline ] && die "the JobManager's REST API did not answer within 60 s; see $LOGS/jobmanager.log"
      sleep 0.3
    done
    local web="REST"
    curl -sf --max-time 2 "$WATTWARD_FLINK_REST/" | grep -qi '<html' && web="REST and web UI"
    say "JobManager  up  pid $(cat "$PIDS/jobmanager.pid")  $web $WATTWARD_FLINK_REST  (log $LOGS/jobmanager.log)"
    trap - ERR
  fi
  local have
  have=$(alive_taskmanagers)
  while [ "$have" -lt "$want" ]; do
    start_taskmanager
    have=$((have + 1))
  done
  say "up: $(alive_taskmanagers) TaskManager(s); checkpoints under $CLUSTER/checkpoints unless a job names its own folder"
}

add_taskmanager() {
  read_env && pid_alive "$PIDS/jobmanager.pid" || die "the cluster is not up (scripts/cluster.sh up)"
  ensure_flink_libs
  start_taskmanager
}

status() {
  if ! read_env || ! pid_alive "$PIDS/jobmanager.pid"; then say "JobManager  DOWN"; return 1; fi
  say "JobManager  up  pid $(cat "$PIDS/jobmanager.pid")  REST $WATTWARD_FLINK_REST"
  local f
  for f in "$PIDS"/taskmanager-*.pid; do
    [ -f "$f" ] || continue
    local name; name=$(basename "$f" .pid)
    if pid_alive "$f"; then say "${name/taskmanager-/TaskManager tm-}  up  pid $(cat "$f")"
    else say "${name/taskmanager-/TaskManager tm-}  DOWN (pid $(cat "$f") gone)"; fi
  done
  rest_ok "$WATTWARD_FLINK_REST" || { say "the REST API does not answer"; return 1; }
}

stop_pid() { # name pidfile
  local name=$1 file=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then say "$name did not stop in 15 s; killing it"; kill -9 "$pid" 2>/dev/null || true; fi
    say "$name stopped (pid $pid)"
  fi
  rm -f "$file"
}

down_quiet() {
  local f
  for f in "$PIDS"/taskmanager-*.pid; do
    [ -f "$f" ] && stop_pid "TaskManager $(basename "$f" .pid | sed 's/taskmanager-/tm-/')" "$f"
  done
  stop_pid JobManager "$PIDS/jobmanager.pid"
  rm -f "$ENV_FILE"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down_quiet; say "down" ;;
  status) status ;;
  add-taskmanager) add_taskmanager ;;
  rest-url) read_env && pid_alive "$PIDS/jobmanager.pid" || die "the cluster is not up"; echo "$WATTWARD_FLINK_REST" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
