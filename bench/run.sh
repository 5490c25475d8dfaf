#!/usr/bin/env bash
# Switchyard overhead benchmark: the same fast mock backend measured directly, behind nginx
# (worker_processes 1 and auto) and behind Switchyard, in one run on one machine, each
# measurement interleaved over rounds. One-connection latency is measured with bench's own
# latency-probe (every sample a real request; see latency_probe.cpp), throughput with wrk.
# Reports the latency each proxy adds on one connection, the throughput at 32 connections, the
# translated dialects side by side with chat (one probe taking turns), concurrent SSE streams
# (CPU per relayed event, time to first event, gaps, events lost, RSS) and Switchyard's idle RSS,
# and prints PASS/FAIL for every bar in bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly BENCH="$ROOT/bench"
readonly WORK="$BENCH/.work"
readonly RESULTS="$BENCH/results"

PATHS="direct,nginx,switchyard"
DURATION=6
WARMUP=2
ROUNDS=5
CONNECTIONS=32
WRK_THREADS=2
MOCK_THREADS=1
MODE=realistic
STREAMS=100
STREAM_EVENTS=64
STREAM_GAP_MS=20
CAPACITY_STREAMS=1000
DIALECTS=""
NO_BUILD=0
BUILD_DIR="${BUILD_DIR:-$ROOT/build-release}"
SWITCHYARD_BIN="${SWITCHYARD_BIN:-}"
MOCK_BIN="${MOCK_BIN:-}"
PROBE_BIN="${PROBE_BIN:-}"
NGINX_BIN="${NGINX_BIN:-nginx}"

PIDS=()
MOCK_PID=""
SWITCHYARD_PID=""
NGINX_1W_PID=""
CLIENT_KEY="sk-bench"
TARGETS=()
DIALECT_TARGETS=()
declare -A URLS=()
declare -A SCRIPTS=()
declare -A ENDPOINTS=()
declare -A EXPECTS=()

usage() {
    cat <<EOF
Usage: bench/run.sh [options]

Measures direct-to-mock, nginx (worker_processes 1 and auto) and Switchyard in one interleaved run.

Options:
  --paths LIST        comma-separated subset of direct,nginx,switchyard (default: $PATHS);
                      direct is always measured, it is the baseline
  --duration S        seconds per measured run; the dialects' side-by-side run takes twice
                      this (default: $DURATION)
  --warmup S          seconds of warm-up per target (default: $WARMUP)
  --rounds N          interleaved rounds per measurement; medians are reported, and the
                      ratio bars are medians of each round's ratio (default: $ROUNDS)
  --connections N     connections for the throughput runs (default: $CONNECTIONS)
  --wrk-threads N     wrk threads for the throughput runs (default: $WRK_THREADS)
  --mock-threads N    event-loop threads of the mock backend (default: $MOCK_THREADS)
  --mode M            realistic (default): master key plus one virtual key with limits, which
                      the requests use, spend logs and costs on; minimal: master key only,
                      no spend logs
  --streams N         concurrent SSE streams per stream round (default: $STREAMS)
  --stream-events N   events per stream (default: $STREAM_EVENTS), --stream-gap-ms apart
  --stream-gap-ms MS  (default: $STREAM_GAP_MS)
  --capacity N        concurrent streams for the capacity and RSS check, 0 skips it
                      (default: $CAPACITY_STREAMS)
  --dialects LIST     comma-separated names of bench/dialect-NAME.lua scripts to measure through
                      Switchyard side by side with chat (default: every bench/dialect-*.lua;
                      "none" skips)
  --no-build          never run cmake; the binaries must already exist
  -h, --help          this text

Environment:
  SWITCHYARD_BIN  gateway binary (default: build-release/app/switchyard, built if needed)
  MOCK_BIN        mock backend (default: build-release/tests/support/mock-backend, built if needed)
  PROBE_BIN       one-connection latency client (default: build-release/bench/latency-probe, built if needed)
  NGINX_BIN       nginx binary (default: nginx from PATH)
  BUILD_DIR       build directory for the defaults (default: build-release: Release, headless)

Results: bench/results/<UTC timestamp>.json and bench/results/latest.md; logs in bench/.work/.
Exit status: 0 when every run is valid and no bar fails, 1 otherwise.
EOF
}

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

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
        --mode) MODE="${2:?--mode needs a value}"; shift 2 ;;
        --streams) require_int "$1" "${2:-}"; STREAMS="$2"; shift 2 ;;
        --stream-events) require_int "$1" "${2:-}"; STREAM_EVENTS="$2"; shift 2 ;;
        --stream-gap-ms) require_int "$1" "${2:-}"; STREAM_GAP_MS="$2"; shift 2 ;;
        --capacity) [[ ${2:-} =~ ^[0-9]+$ ]] || die "--capacity needs a number"; CAPACITY_STREAMS="$2"; shift 2 ;;
        --dialects) DIALECTS="${2:?--dialects needs a value}"; shift 2 ;;
        --no-build) NO_BUILD=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
        esac
    done
    [[ $MODE == realistic || $MODE == minimal ]] || die "--mode is realistic or minimal, got '$MODE'"
}

wants() { [[ ",$PATHS," == *",$1,"* ]]; }

plan_targets() {
    local path requested=()
    IFS=',' read -r -a requested <<<"$PATHS"
    for path in "${requested[@]}"; do
        case "$path" in
        direct | nginx | switchyard) ;;
        *) die "unknown path '$path' in --paths (expected direct, nginx, switchyard)" ;;
        esac
    done
    TARGETS=(direct)
    if wants nginx; then TARGETS+=(nginx-1w nginx-auto); fi
    if wants switchyard; then TARGETS+=(switchyard); fi
    local target
    for target in "${TARGETS[@]}"; do
        SCRIPTS[$target]="$BENCH/chat.lua"
        ENDPOINTS[$target]=/v1/chat/completions
    done
    if wants switchyard; then plan_dialects; fi
    return 0
}

# Translated dialects: bench/dialect-NAME.lua sets the body, its "-- path: /…" line names the
# endpoint and its "-- expect: …" line a string the translated answer holds. Each is measured through Switchyard (the mock only speaks chat completions, so the
# request and the answer are translated) next to Switchyard's own chat path.
plan_dialects() {
    local names=() name script
    if [[ $DIALECTS == none ]]; then return 0; fi
    if [[ -n $DIALECTS ]]; then
        IFS=',' read -r -a names <<<"$DIALECTS"
    else
        for script in "$BENCH"/dialect-*.lua; do
            [[ -e $script ]] || continue
            name="${script##*/dialect-}"
            names+=("${name%.lua}")
        done
    fi
    for name in "${names[@]}"; do
        script="$BENCH/dialect-$name.lua"
        [[ -f $script ]] || die "no dialect script $script"
        ENDPOINTS[switchyard-$name]="$(sed -n 's/^-- path: *\([^ ]*\).*/\1/p' "$script" | head -n 1)"
        [[ -n ${ENDPOINTS[switchyard-$name]} ]] || die "$script has no '-- path: /…' line"
        EXPECTS[switchyard-$name]="$(sed -n 's/^-- expect: *//p' "$script" | head -n 1)"
        [[ -n ${EXPECTS[switchyard-$name]} ]] || die "$script has no '-- expect: …' line"
        SCRIPTS[switchyard-$name]="$script"
        DIALECT_TARGETS+=("switchyard-$name")
    done
    return 0
}

require_tools() {
    local tool
    for tool in wrk curl python3 awk; do
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
    if [[ -z $PROBE_BIN ]]; then
        PROBE_BIN="$BUILD_DIR/bench/latency-probe"
        targets+=(latency-probe)
    fi
    if wants switchyard && [[ -z $SWITCHYARD_BIN ]]; then
        SWITCHYARD_BIN="$BUILD_DIR/app/switchyard"
        targets+=(switchyard)
    fi
    if ((${#targets[@]} > 0 && NO_BUILD == 0)); then
        if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
            local generator=()
            if command -v ninja >/dev/null; then generator=(-G Ninja); fi
            log "configuring $BUILD_DIR (Release)"
            cmake -S "$ROOT" -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DSWITCHYARD_TESTS=ON \
                -DSWITCHYARD_GUI=OFF >&2
        fi
        log "building ${targets[*]} in $BUILD_DIR"
        cmake --build "$BUILD_DIR" --target "${targets[@]}" >&2
    fi
    [[ -x $MOCK_BIN ]] || die "mock backend not found: $MOCK_BIN"
    [[ -x $PROBE_BIN ]] || die "latency probe not found: $PROBE_BIN"
    if wants switchyard; then
        [[ -x $SWITCHYARD_BIN ]] || die "switchyard binary not found: $SWITCHYARD_BIN"
        # The idle-RSS bar is the headless build's (the .deb's): the menu-bar build loads Qt's
        # widget libraries even with --headless, about 8 MB more.
        if command -v ldd >/dev/null && ldd "$SWITCHYARD_BIN" 2>/dev/null | grep -q 'libQt6Widgets'; then
            die "$SWITCHYARD_BIN is the menu-bar build (it links Qt Widgets); the bench measures the headless one: configure $BUILD_DIR with -DSWITCHYARD_GUI=OFF, or set SWITCHYARD_BIN"
        fi
    fi
    return 0
}

# wait_for_http URL SECONDS PID: polls until URL answers 200 while PID is alive.
wait_for_http() {
    local url="$1" deadline=$((SECONDS + $2)) pid="$3" code
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || return 1
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 -H "Authorization: Bearer $CLIENT_KEY" "$url" || true)"
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
    if [[ $name == 1w ]]; then NGINX_1W_PID="$pid"; fi
    wait_for_http "http://127.0.0.1:$port/health" 10 "$pid" \
        || die "nginx ($name) did not come up: $(cat "$WORK/nginx-$name.out" "$WORK/nginx-$name-error.log" 2>/dev/null)"
    URLS[nginx-$name]="http://127.0.0.1:$port"
    log "nginx $name (worker_processes $workers) on port $port (pid $pid)"
}

# The gateway's config. realistic: prices (so each request costs and is billed), spend logs
# on, and a virtual key with limits made through the admin API; minimal: the master key only
# and no records. Connection limits are raised for the concurrent-stream runs.
write_switchyard_config() {
    local port="$1" prices="" general=""
    if [[ $MODE == realistic ]]; then
        prices=$'      input_cost_per_token: 0.000001\n      output_cost_per_token: 0.000002'
    else
        general="  disable_spend_logs: true"
    fi
    cat >"$WORK/switchyard.yaml" <<EOF
model_list:
  - model_name: bench-model
    litellm_params:
      model: openai/bench-model
      api_base: http://127.0.0.1:$MOCK_PORT/v1
      api_key: none
$prices
general_settings:
  master_key: sk-bench
$general
gateway:
  host: 127.0.0.1
  port: $port
  max_connections: 8192
  max_connections_per_client: 8192
EOF
}

# realistic mode: one virtual key with limits far above what the run reaches (every check runs,
# none refuses), which every request then carries.
make_virtual_key() {
    local answer
    answer="$(curl -s --max-time 5 -H 'Authorization: Bearer sk-bench' -H 'Content-Type: application/json' \
        -d '{"key_alias":"bench","models":["bench-model"],"max_budget":1000000,"budget_duration":"30d",
             "rpm_limit":100000000,"tpm_limit":100000000000,"max_parallel_requests":100000}' \
        "${URLS[switchyard]}/key/generate")" || die "key/generate failed"
    CLIENT_KEY="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["key"])' "$answer")" \
        || die "key/generate answered: $answer"
    log "virtual key made (bench, with rpm/tpm/parallel/budget limits); requests carry it"
}

start_switchyard() {
    local port pid
    port="$(free_port)"
    write_switchyard_config "$port"
    mkdir -p "$WORK/data"
    SWITCHYARD_DATA_DIR="$WORK/data" "$SWITCHYARD_BIN" --headless --config "$WORK/switchyard.yaml" \
        >"$WORK/switchyard.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    SWITCHYARD_PID="$pid"
    wait_for_http "http://127.0.0.1:$port/health/readiness" 30 "$pid" \
        || die "switchyard did not become ready: $(tail -n 20 "$WORK/switchyard.log")"
    URLS[switchyard]="http://127.0.0.1:$port"
    local target
    for target in "${DIALECT_TARGETS[@]}"; do URLS[$target]="${URLS[switchyard]}"; done
    log "switchyard on port $port (pid $pid, mode $MODE)"
    sleep 1
    IDLE_RSS_KB="$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status")"
    log "switchyard idle RSS: $IDLE_RSS_KB KiB"
    printf '{"kind":"idle_rss","target":"switchyard","rss_kb":%d}\n' "$IDLE_RSS_KB" >>"$RUNS"
    if [[ $MODE == realistic ]]; then make_virtual_key; fi
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
# A dialect this build does not translate (404, or an answer without its expected text) is left
# out with a note, not fatal: the dialect scripts may run ahead of the gateway.
smoke_test() {
    local target body code kept=()
    for target in "${TARGETS[@]}" "${DIALECT_TARGETS[@]}"; do
        body="$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "${SCRIPTS[$target]}")"
        code="$(curl -s -o "$WORK/smoke-$target.json" -w '%{http_code}' --max-time 5 \
            -H 'Content-Type: application/json' -H "Authorization: Bearer $CLIENT_KEY" \
            --data "$body" "${URLS[$target]}${ENDPOINTS[$target]}" || true)"
        if [[ $target == switchyard-* ]] && { [[ $code == 404 ]] || ! grep -qF -- "${EXPECTS[$target]}" "$WORK/smoke-$target.json"; }; then
            log "skipping $target: ${ENDPOINTS[$target]} is not translated by this build (HTTP $code, no '${EXPECTS[$target]}')"
            printf '{"kind":"skipped","target":"%s","why":"HTTP %s"}\n' "$target" "$code" >>"$RUNS"
            continue
        fi
        [[ $code == 200 ]] || die "smoke request via $target answered '$code': $(head -c 500 "$WORK/smoke-$target.json")"
        if [[ $target == switchyard-* ]]; then kept+=("$target"); fi
    done
    DIALECT_TARGETS=("${kept[@]}")
    log "smoke test passed on: ${TARGETS[*]} ${DIALECT_TARGETS[*]}"
}

# request_args TARGET: the latency probe's --body and --header arguments, one per line: the
# request the target's wrk script sends (its literal wrk.body and wrk.headers lines, chat.lua's
# first), with the client key.
request_args() {
    local script="${SCRIPTS[$1]}"
    printf '%s\n' --body "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$script")"
    sed -n 's/^wrk.headers\["\([^"]*\)"\] = "\([^"]*\)"$/--header\n\1: \2/p' "$BENCH/chat.lua"
    if [[ $script != "$BENCH/chat.lua" ]]; then
        sed -n 's/^wrk.headers\["\([^"]*\)"\] = "\([^"]*\)"$/--header\n\1: \2/p' "$script"
    fi
    printf '%s\n' --header "Authorization: Bearer $CLIENT_KEY"
}

# run_wrk TARGET MODE ROUND: one measured run, appended as a JSON line to $RUNS. Latency (one
# connection) runs use latency-probe, throughput runs wrk; both print the same BENCH_JSON line.
run_wrk() {
    local target="$1" mode="$2" round="$3" threads=1 connections=1 out json args=()
    out="$WORK/wrk-$target-$mode-$round.txt"
    if [[ $mode == throughput ]]; then
        threads="$WRK_THREADS"
        connections="$CONNECTIONS"
        BENCH_KEY="$CLIENT_KEY" wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 5s -s "${SCRIPTS[$target]}" \
            "${URLS[$target]}${ENDPOINTS[$target]}" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
    else
        mapfile -t args < <(request_args "$target")
        "$PROBE_BIN" --url "${URLS[$target]}${ENDPOINTS[$target]}" --duration "$DURATION" --timeout 5 "${args[@]}" \
            >"$out" 2>&1 || die "latency-probe failed: $(cat "$out")"
    fi
    check_alive
    json="$(sed -n 's/^BENCH_JSON //p' "$out")"
    [[ -n $json ]] || die "no BENCH_JSON line in $out"
    printf '{"kind":"wrk","target":"%s","mode":"%s","round":%d,"threads":%d,"connections":%d,"result":%s}\n' \
        "$target" "$mode" "$round" "$threads" "$connections" "$json" >>"$RUNS"
    log "  $(printf '%-20s %-10s round %d:' "$target" "$mode" "$round") $(grep -o '"p50":[0-9]*' <<<"$json") $(grep -o '"p99":[0-9]*' <<<"$json") $(grep -o '"max":[0-9]*' <<<"$json") $(grep -o '"rps":[0-9.]*' <<<"$json") $(grep -o '"errors":[0-9]*' <<<"$json")"
}

# pids_of TARGET: the server processes whose CPU and memory a stream run measures.
pids_of() {
    case "$1" in
    direct) echo "$MOCK_PID" ;;
    nginx-1w) echo "$NGINX_1W_PID" ;;
    switchyard) echo "$SWITCHYARD_PID" ;;
    esac
}

# run_streams TARGET KIND ROUND N: N concurrent streams, appended as a JSON line to $RUNS.
run_streams() {
    local target="$1" kind="$2" round="$3" n="$4" out json hostport
    out="$WORK/streams-$target-$kind-$round.txt"
    hostport="${URLS[$target]#http://}"
    python3 "$BENCH/streams.py" --target "$hostport" --streams "$n" --events "$STREAM_EVENTS" \
        --gap-ms "$STREAM_GAP_MS" --key "$CLIENT_KEY" --pids "$(pids_of "$target")" >"$out" 2>&1 \
        || die "streams.py failed: $(cat "$out")"
    check_alive
    json="$(sed -n 's/^STREAM_JSON //p' "$out")"
    [[ -n $json ]] || die "no STREAM_JSON line in $out"
    printf '{"kind":"%s","target":"%s","round":%d,"result":%s}\n' "$kind" "$target" "$round" "$json" >>"$RUNS"
    log "  $(printf '%-20s %-10s round %d:' "$target" "$kind" "$round") $(grep -o '"complete": [0-9]*' <<<"$json") $(grep -o '"events": [0-9]*' <<<"$json") $(grep -o '"cpu_us_per_event": [0-9.]*' <<<"$json") $(grep -o '"peak_rss_kb": [0-9]*' <<<"$json")"
}

warm_up() {
    local target
    for target in "${TARGETS[@]}"; do
        BENCH_KEY="$CLIENT_KEY" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "${SCRIPTS[$target]}" \
            "${URLS[$target]}${ENDPOINTS[$target]}" >"$WORK/warmup-$target.txt" 2>&1 || die "warm-up of $target failed"
    done
    log "warmed up ${TARGETS[*]} (${WARMUP}s each)"
}

# The translated dialects against chat, side by side: each round one latency-probe takes turns
# over direct, Switchyard's chat and every dialect, one request each in a new random order every
# turn, so all of them see the same seconds of the machine (a separate run per path let a slow
# phase land on one path only, and the dialects' 4-6 µs went under in that noise). Twice the
# duration, shared by all of them.
measure_dialects() {
    local round target out i targets=(direct switchyard "${DIALECT_TARGETS[@]}") args=() request=() lines=()
    for ((round = 1; round <= ROUNDS; round++)); do
        args=()
        for target in "${targets[@]}"; do
            mapfile -t request < <(request_args "$target")
            args+=(--url "${URLS[$target]}${ENDPOINTS[$target]}" "${request[@]}")
        done
        out="$WORK/probe-dialects-$round.txt"
        "$PROBE_BIN" --duration "$((DURATION * 2))" --timeout 5 --shuffle "${args[@]}" >"$out" 2>&1 \
            || die "latency-probe failed: $(cat "$out")"
        check_alive
        mapfile -t lines < <(sed -n 's/^BENCH_JSON //p' "$out")
        ((${#lines[@]} == ${#targets[@]})) || die "expected ${#targets[@]} BENCH_JSON lines in $out"
        for i in "${!targets[@]}"; do
            printf '{"kind":"wrk","target":"%s","mode":"dialects","round":%d,"threads":1,"connections":1,"result":%s}\n' \
                "${targets[i]}" "$round" "${lines[i]}" >>"$RUNS"
        done
        log "  dialects round $round: p50 $(for i in "${!targets[@]}"; do printf '%s %s  ' "${targets[i]}" "$(grep -o '"p50":[0-9]*' <<<"${lines[i]}" | cut -d: -f2)"; done)"
    done
}

# Interleaves the targets so slow drift (thermal, noisy neighbours) hits every path alike; the
# starting target rotates each round so no path always runs first.
measure() {
    local mode="$1" round i
    shift
    local targets=("$@") n=$#
    for ((round = 1; round <= ROUNDS; round++)); do
        for ((i = 0; i < n; i++)); do
            run_wrk "${targets[(i + round - 1) % n]}" "$mode" "$round"
        done
    done
}

# Concurrent streams, interleaved like measure(): direct, nginx with 1 worker, Switchyard.
measure_streams() {
    local round i targets=(direct) n
    if wants nginx; then targets+=(nginx-1w); fi
    if wants switchyard; then targets+=(switchyard); fi
    n=${#targets[@]}
    for ((round = 1; round <= ROUNDS; round++)); do
        for ((i = 0; i < n; i++)); do
            run_streams "${targets[(i + round - 1) % n]}" streams "$round" "$STREAMS"
        done
    done
}

# Capacity: CAPACITY_STREAMS streams at once through Switchyard, twice; RSS 3 s after each shows
# whether memory comes back (no growth from the first thousand to the second).
measure_capacity() {
    local round rss
    for round in 1 2; do
        run_streams switchyard capacity "$round" "$CAPACITY_STREAMS"
        sleep 3 # the gateway gives freed heap back after a second with nothing in flight
        rss="$(awk '/^VmRSS:/{print $2}' "/proc/$SWITCHYARD_PID/status")"
        printf '{"kind":"rss_after","target":"switchyard","round":%d,"rss_kb":%d}\n' "$round" "$rss" >>"$RUNS"
        log "  switchyard RSS 3 s after $CAPACITY_STREAMS streams (round $round): $rss KiB"
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
    if wants switchyard; then start_switchyard; fi
    smoke_test
    warm_up
    log "latency: 1 connection (latency-probe), ${DURATION}s x $ROUNDS rounds per target"
    measure latency "${TARGETS[@]}"
    if ((${#DIALECT_TARGETS[@]} > 0)) && wants switchyard; then
        log "dialects: direct, chat and ${DIALECT_TARGETS[*]} side by side, $((DURATION * 2))s x $ROUNDS rounds"
        measure_dialects
    fi
    log "throughput: $CONNECTIONS connections, $WRK_THREADS wrk threads, ${DURATION}s x $ROUNDS rounds per target"
    measure throughput "${TARGETS[@]}"
    log "streams: $STREAMS concurrent, $STREAM_EVENTS events ${STREAM_GAP_MS} ms apart, $ROUNDS rounds per target"
    measure_streams
    if wants switchyard && ((CAPACITY_STREAMS > 0)); then
        log "capacity: $CAPACITY_STREAMS concurrent streams through Switchyard, twice"
        measure_capacity
    fi

    local status=0
    python3 "$BENCH/report.py" --runs "$RUNS" --targets "${TARGETS[*]}" --dialects "${DIALECT_TARGETS[*]}" \
        --json-out "$RESULTS/$STAMP.json" --md-out "$RESULTS/latest.md" \
        --mock-bin "$MOCK_BIN" --switchyard-bin "${SWITCHYARD_BIN:-}" --nginx-bin "$NGINX_BIN" \
        --config "mode=$MODE duration_s=$DURATION warmup_s=$WARMUP rounds=$ROUNDS connections=$CONNECTIONS wrk_threads=$WRK_THREADS mock_threads=$MOCK_THREADS streams=$STREAMS stream_events=$STREAM_EVENTS stream_gap_ms=$STREAM_GAP_MS capacity=$CAPACITY_STREAMS paths=$PATHS" \
        --load-start "$LOAD_START" --root "$ROOT" || status=$?
    log "results: $RESULTS/$STAMP.json and $RESULTS/latest.md"
    return "$status"
}

main "$@"
