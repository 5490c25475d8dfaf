#!/usr/bin/env bash
# Switchyard overhead benchmark: the same fast mock backend measured directly, behind nginx
# (worker_processes 1 and auto) and behind Switchyard, in one run on one machine. Reports the
# latency each proxy adds on one connection and the throughput at 32 connections, and checks
# Switchyard against the bar: added p50 <= 2x nginx's, rps >= 0.5x nginx's. Switchyard is also
# measured on Ollama's /api/chat, translated to the mock's chat completions. See bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly BENCH="$ROOT/bench"
readonly WORK="$BENCH/.work"
readonly RESULTS="$BENCH/results"

PATHS="direct,nginx,switchyard,ollama"
DURATION=10
WARMUP=2
ROUNDS=3
CONNECTIONS=32
WRK_THREADS=2
MOCK_THREADS=1
NO_BUILD=0
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench}"
SWITCHYARD_BIN="${SWITCHYARD_BIN:-}"
MOCK_BIN="${MOCK_BIN:-}"
NGINX_BIN="${NGINX_BIN:-nginx}"

PIDS=()
MOCK_PID=""
TARGETS=()
declare -A URLS=()

usage() {
    cat <<EOF
Usage: bench/run.sh [options]

Measures direct-to-mock, nginx (worker_processes 1 and auto) and Switchyard in one interleaved run.

Options:
  --paths LIST        comma-separated subset of direct,nginx,switchyard,ollama (default: $PATHS);
                      direct is always measured, it is the baseline; ollama is Switchyard's
                      /api/chat, translated to the mock's chat completions
  --duration S        seconds per measured wrk run (default: $DURATION)
  --warmup S          seconds of warm-up per target (default: $WARMUP)
  --rounds N          interleaved rounds per measurement; medians are reported (default: $ROUNDS)
  --connections N     connections for the throughput runs (default: $CONNECTIONS)
  --wrk-threads N     wrk threads for the throughput runs (default: $WRK_THREADS)
  --mock-threads N    event-loop threads of the mock backend (default: $MOCK_THREADS)
  --no-build          never run cmake; the binaries must already exist
  -h, --help          this text

Environment:
  SWITCHYARD_BIN  gateway binary (default: build-bench/app/switchyard, built if needed)
  MOCK_BIN        mock backend (default: build-bench/tests/support/mock-backend, built if needed)
  NGINX_BIN       nginx binary (default: nginx from PATH)
  BUILD_DIR       build directory for the defaults (default: build-bench, Release)

Results: bench/results/<UTC timestamp>.json and bench/results/latest.md; logs in bench/.work/.
Exit status: 0 when every run is valid and no bar fails, 1 otherwise.
EOF
}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

cleanup() {
    local pid waited
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        waited=0
        while kill -0 "$pid" 2>/dev/null && ((waited < 50)); do
            sleep 0.1
            waited=$((waited + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
    PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

require_int() {
    [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive integer, got '$2'"
}

parse_args() {
    while (($#)); do
        case "$1" in
        --paths) PATHS="${2:?--paths needs a value}"; shift 2 ;;
        --duration) require_int "$1" "${2:-}"; DURATION="$2"; shift 2 ;;
        --warmup) require_int "$1" "${2:-}"; WARMUP="$2"; shift 2 ;;
        --rounds) require_int "$1" "${2:-}"; ROUNDS="$2"; shift 2 ;;
        --connections) require_int "$1" "${2:-}"; CONNECTIONS="$2"; shift 2 ;;
        --wrk-threads) require_int "$1" "${2:-}"; WRK_THREADS="$2"; shift 2 ;;
        --mock-threads) require_int "$1" "${2:-}"; MOCK_THREADS="$2"; shift 2 ;;
        --no-build) NO_BUILD=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
        esac
    done
}

wants() { [[ ",$PATHS," == *",$1,"* ]]; }
wants_gateway() { wants switchyard || wants ollama; }

# What each target is measured with: OpenAI chat completions, or Ollama's /api/chat.
script_of() { if [[ $1 == switchyard-ollama ]]; then echo "$BENCH/ollama-chat.lua"; else echo "$BENCH/chat.lua"; fi; }
endpoint_of() { if [[ $1 == switchyard-ollama ]]; then echo /api/chat; else echo /v1/chat/completions; fi; }

plan_targets() {
    local path requested=()
    IFS=',' read -r -a requested <<<"$PATHS"
    for path in "${requested[@]}"; do
        case "$path" in
        direct | nginx | switchyard | ollama) ;;
        *) die "unknown path '$path' in --paths (expected direct, nginx, switchyard, ollama)" ;;
        esac
    done
    TARGETS=(direct)
    if wants nginx; then TARGETS+=(nginx-1w nginx-auto); fi
    if wants switchyard; then TARGETS+=(switchyard); fi
    if wants ollama; then TARGETS+=(switchyard-ollama); fi
    return 0
}

require_tools() {
    local tool
    for tool in wrk curl python3; do
        command -v "$tool" >/dev/null || die "'$tool' is required"
    done
    if wants nginx; then
        command -v "$NGINX_BIN" >/dev/null || die "nginx not found (NGINX_BIN=$NGINX_BIN)"
    fi
}

# Builds the default binaries in Release (incrementally: a no-op when up to date).
ensure_binaries() {
    local targets=()
    if [[ -z $MOCK_BIN ]]; then
        MOCK_BIN="$BUILD_DIR/tests/support/mock-backend"
        targets+=(mock-backend)
    fi
    if wants_gateway && [[ -z $SWITCHYARD_BIN ]]; then
        SWITCHYARD_BIN="$BUILD_DIR/app/switchyard"
        targets+=(switchyard)
    fi
    if ((${#targets[@]} > 0 && NO_BUILD == 0)); then
        if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
            local generator=()
            if command -v ninja >/dev/null; then generator=(-G Ninja); fi
            log "configuring $BUILD_DIR (Release)"
            cmake -S "$ROOT" -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DSWITCHYARD_TESTS=ON >&2
        fi
        log "building ${targets[*]} in $BUILD_DIR"
        cmake --build "$BUILD_DIR" --target "${targets[@]}" >&2
    fi
    [[ -x $MOCK_BIN ]] || die "mock backend not found: $MOCK_BIN"
    if wants_gateway; then
        [[ -x $SWITCHYARD_BIN ]] || die "switchyard binary not found: $SWITCHYARD_BIN"
    fi
    return 0
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_http URL SECONDS PID: polls until URL answers 200 while PID is alive.
wait_for_http() {
    local url="$1" deadline=$((SECONDS + $2)) pid="$3" code
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || return 1
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 -H 'Authorization: Bearer sk-bench' "$url" || true)"
        [[ $code == 200 ]] && return 0
        sleep 0.1
    done
    return 1
}

start_mock() {
    "$MOCK_BIN" --host 127.0.0.1 --port 0 --models bench-model --id bench --threads "$MOCK_THREADS" \
        >"$WORK/mock.out" 2>"$WORK/mock.err" &
    local pid=$! tries=0
    PIDS+=("$pid")
    MOCK_PID="$pid"
    until grep -qs '^LISTENING ' "$WORK/mock.out"; do
        kill -0 "$pid" 2>/dev/null || die "mock backend exited: $(cat "$WORK/mock.err")"
        ((++tries < 100)) || die "mock backend did not print LISTENING"
        sleep 0.1
    done
    MOCK_PORT="$(awk '/^LISTENING /{print $2; exit}' "$WORK/mock.out")"
    URLS[direct]="http://127.0.0.1:$MOCK_PORT"
    log "mock backend on port $MOCK_PORT (pid $pid, $MOCK_THREADS thread(s))"
}

# start_nginx NAME WORKER_PROCESSES
start_nginx() {
    local name="$1" workers="$2" port conf pid
    port="$(free_port)"
    conf="$WORK/nginx-$name.conf"
    mkdir -p "$WORK/nginx-$name-tmp"
    sed -e "s|@NAME@|$name|g" -e "s|@WORKER_PROCESSES@|$workers|g" -e "s|@WORK_DIR@|$WORK|g" \
        -e "s|@LISTEN_PORT@|$port|g" -e "s|@UPSTREAM_PORT@|$MOCK_PORT|g" "$BENCH/nginx.conf.in" >"$conf"
    "$NGINX_BIN" -p "$WORK" -c "$conf" -e "$WORK/nginx-$name-error.log" >"$WORK/nginx-$name.out" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    wait_for_http "http://127.0.0.1:$port/health" 10 "$pid" \
        || die "nginx ($name) did not come up: $(cat "$WORK/nginx-$name.out" "$WORK/nginx-$name-error.log" 2>/dev/null)"
    URLS[nginx-$name]="http://127.0.0.1:$port"
    log "nginx $name (worker_processes $workers) on port $port (pid $pid)"
}

start_switchyard() {
    local port pid
    port="$(free_port)"
    cat >"$WORK/switchyard.yaml" <<EOF
model_list:
  - model_name: bench-model
    litellm_params:
      model: openai/bench-model
      api_base: http://127.0.0.1:$MOCK_PORT/v1
      api_key: none
general_settings:
  master_key: sk-bench
gateway:
  host: 127.0.0.1
  port: $port
EOF
    "$SWITCHYARD_BIN" --headless --config "$WORK/switchyard.yaml" >"$WORK/switchyard.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    wait_for_http "http://127.0.0.1:$port/health/readiness" 30 "$pid" \
        || die "switchyard did not become ready: $(tail -n 20 "$WORK/switchyard.log")"
    URLS[switchyard]="http://127.0.0.1:$port"
    URLS[switchyard-ollama]="http://127.0.0.1:$port"
    log "switchyard on port $port (pid $pid)"
}

# Every server must survive the whole run; a death mid-run would otherwise show up as wrk errors.
check_alive() {
    local pid
    kill -0 "$MOCK_PID" 2>/dev/null || die "the mock backend died: $(cat "$WORK/mock.err")"
    for pid in "${PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || die "process $pid died (see the logs in $WORK)"
    done
}

# One real request per target before measuring, so a broken path fails loudly, not as wrk errors.
smoke_test() {
    local target body code
    for target in "${TARGETS[@]}"; do
        body="$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$(script_of "$target")")"
        code="$(curl -s -o "$WORK/smoke-$target.json" -w '%{http_code}' --max-time 5 \
            -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench' \
            --data "$body" "${URLS[$target]}$(endpoint_of "$target")" || true)"
        [[ $code == 200 ]] || die "smoke request via $target answered '$code': $(head -c 500 "$WORK/smoke-$target.json")"
    done
    log "smoke test passed on: ${TARGETS[*]}"
}

# run_wrk TARGET MODE ROUND: one measured run, appended as a JSON line to $RUNS.
run_wrk() {
    local target="$1" mode="$2" round="$3" threads=1 connections=1 out json
    if [[ $mode == throughput ]]; then
        threads="$WRK_THREADS"
        connections="$CONNECTIONS"
    fi
    out="$WORK/wrk-$target-$mode-$round.txt"
    wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 5s -s "$(script_of "$target")" \
        "${URLS[$target]}$(endpoint_of "$target")" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
    check_alive
    json="$(sed -n 's/^BENCH_JSON //p' "$out")"
    [[ -n $json ]] || die "no BENCH_JSON line in $out"
    printf '{"target":"%s","mode":"%s","round":%d,"threads":%d,"connections":%d,"result":%s}\n' \
        "$target" "$mode" "$round" "$threads" "$connections" "$json" >>"$RUNS"
    log "  $(printf '%-17s %-10s round %d:' "$target" "$mode" "$round") $(grep -o '"p50":[0-9]*' <<<"$json") $(grep -o '"p99":[0-9]*' <<<"$json") $(grep -o '"rps":[0-9.]*' <<<"$json") $(grep -o '"errors":[0-9]*' <<<"$json")"
}

warm_up() {
    local target
    for target in "${TARGETS[@]}"; do
        wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$(script_of "$target")" \
            "${URLS[$target]}$(endpoint_of "$target")" >"$WORK/warmup-$target.txt" 2>&1 || die "warm-up of $target failed"
    done
    log "warmed up ${TARGETS[*]} (${WARMUP}s each)"
}

# Interleaves the targets so slow drift (thermal, noisy neighbours) hits every path alike; the
# starting target rotates each round so no path always runs first.
measure() {
    local mode="$1" round i n=${#TARGETS[@]}
    for ((round = 1; round <= ROUNDS; round++)); do
        for ((i = 0; i < n; i++)); do
            run_wrk "${TARGETS[(i + round - 1) % n]}" "$mode" "$round"
        done
    done
}

main() {
    parse_args "$@"
    plan_targets
    require_tools
    ensure_binaries
    rm -rf "$WORK"
    mkdir -p "$WORK" "$RESULTS"
    STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
    LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
    RUNS="$WORK/runs.jsonl"
    : >"$RUNS"

    start_mock
    if wants nginx; then
        start_nginx 1w 1
        start_nginx auto auto
    fi
    if wants_gateway; then start_switchyard; fi
    smoke_test
    warm_up
    log "latency: 1 connection, ${DURATION}s x $ROUNDS rounds per target"
    measure latency
    log "throughput: $CONNECTIONS connections, $WRK_THREADS wrk threads, ${DURATION}s x $ROUNDS rounds per target"
    measure throughput

    local status=0
    python3 "$BENCH/report.py" --runs "$RUNS" --targets "${TARGETS[*]}" \
        --json-out "$RESULTS/$STAMP.json" --md-out "$RESULTS/latest.md" \
        --mock-bin "$MOCK_BIN" --switchyard-bin "${SWITCHYARD_BIN:-}" --nginx-bin "$NGINX_BIN" \
        --config "duration_s=$DURATION warmup_s=$WARMUP rounds=$ROUNDS connections=$CONNECTIONS wrk_threads=$WRK_THREADS mock_threads=$MOCK_THREADS paths=$PATHS" \
        --load-start "$LOAD_START" --root "$ROOT" || status=$?
    log "results: $RESULTS/$STAMP.json and $RESULTS/latest.md"
    return "$status"
}

main "$@"
