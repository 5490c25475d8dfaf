#!/usr/bin/env bash
# Response cache and guardrails benchmark (issue #16). In one run on one machine:
#  1. latency of a cache hit against a direct backend hit, with wrk on one connection: the mock
#     backend directly, Switchyard passing requests to it, and Switchyard answering from its
#     cache; once with the mock answering at once (the hop's cost) and once with a 20 ms
#     backend (what a hit saves a client);
#  2. the built-in guardrails' cost per request, all of them on, for a 4 KB prompt
#     (guardrails-bench; bar: <= 20 us).
# See bench/README.md. Results: bench/results/cache-guardrails-latest.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly BENCH="$ROOT/bench"
readonly WORK="$BENCH/.work-cache"
readonly RESULTS="$BENCH/results"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench}"
DURATION=5
ROUNDS=3
SLOW_MS=20
NO_BUILD=0
PIDS=()
declare -A URLS=()

usage() {
    printf '%s\n' "Usage: bench/cache-guardrails.sh [--duration S] [--rounds N] [--slow-ms MS] [--no-build]" \
        "" \
        "  --duration S   seconds per wrk run (default $DURATION)" \
        "  --rounds N     interleaved rounds; medians are reported (default $ROUNDS)" \
        "  --slow-ms MS   the slow backend's latency (default $SLOW_MS)" \
        "  --no-build     use the binaries already in \$BUILD_DIR ($BUILD_DIR)"
}

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

while (($#)); do
    case "$1" in
    --duration) DURATION="${2:?}"; shift 2 ;;
    --rounds) ROUNDS="${2:?}"; shift 2 ;;
    --slow-ms) SLOW_MS="${2:?}"; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done

for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "'$tool' is required"; done
if ((NO_BUILD == 0)); then
    if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWITCHYARD_TESTS=ON >&2
    fi
    cmake --build "$BUILD_DIR" --target mock-backend switchyard guardrails-bench >&2
fi
MOCK_BIN="$BUILD_DIR/tests/support/mock-backend"
SWITCHYARD_BIN="$BUILD_DIR/app/switchyard"
GUARD_BIN="$BUILD_DIR/bench/guardrails-bench"
rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS"

# start_mock NAME LATENCY_MS: sets URLS[NAME]
start_mock() {
    "$MOCK_BIN" --port 0 --models bench-model --id "$1" --latency-ms "$2" >"$WORK/$1.out" 2>&1 &
    PIDS+=("$!")
    local tries=0
    until grep -qs '^LISTENING ' "$WORK/$1.out"; do
        ((++tries < 100)) || die "mock $1 did not start"
        sleep 0.1
    done
    URLS[$1]="http://127.0.0.1:$(awk '/^LISTENING /{print $2; exit}' "$WORK/$1.out")"
}

# start_switchyard NAME BACKEND_URL CACHE(true|false): sets URLS[NAME]
start_switchyard() {
    local port
    port="$(free_port)"
    printf '%s\n' "model_list:" \
        "  - model_name: bench-model" \
        "    litellm_params: {model: openai/bench-model, api_base: $2/v1, api_key: none}" \
        "general_settings: {master_key: sk-bench}" \
        "litellm_settings: {cache: $3}" \
        "gateway: {host: 127.0.0.1, port: $port}" >"$WORK/$1.yaml"
    "$SWITCHYARD_BIN" --headless --config "$WORK/$1.yaml" >"$WORK/$1.log" 2>&1 &
    PIDS+=("$!")
    local tries=0
    until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/liveliness"; do
        ((++tries < 100)) || die "switchyard $1 did not start: $(tail -n 5 "$WORK/$1.log")"
        sleep 0.1
    done
    URLS[$1]="http://127.0.0.1:$port"
}

start_mock direct 0
start_mock direct-slow "$SLOW_MS"
start_switchyard switchyard "${URLS[direct]}" false
start_switchyard cache-hit "${URLS[direct]}" true
start_switchyard cache-hit-slow "${URLS[direct-slow]}" true
TARGETS=(direct switchyard cache-hit direct-slow cache-hit-slow)

# One request each first: it fills the caches, and a broken path fails here, loudly.
body="$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$BENCH/chat.lua")"
for t in "${TARGETS[@]}"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer sk-bench' \
        -H 'Content-Type: application/json' --data "$body" "${URLS[$t]}/v1/chat/completions")"
    [[ $code == 200 ]] || die "$t answered $code"
done
hit="$(curl -s -D - -o /dev/null -H 'Authorization: Bearer sk-bench' -H 'Content-Type: application/json' \
    --data "$body" "${URLS[cache-hit]}/v1/chat/completions" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "x-switchyard-cache" {print $2}')"
[[ $hit == hit ]] || die "the cache did not answer (x-switchyard-cache: '$hit')"

RUNS="$WORK/runs.jsonl"
: >"$RUNS"
for ((round = 1; round <= ROUNDS; round++)); do
    for ((i = 0; i < ${#TARGETS[@]}; i++)); do
        t="${TARGETS[(i + round - 1) % ${#TARGETS[@]}]}"
        out="$WORK/wrk-$t-$round.txt"
        wrk -t1 -c1 -d"${DURATION}s" --timeout 5s -s "$BENCH/chat.lua" "${URLS[$t]}/v1/chat/completions" >"$out" 2>&1
        printf '{"target":"%s","round":%d,"result":%s}\n' "$t" "$round" "$(sed -n 's/^BENCH_JSON //p' "$out")" >>"$RUNS"
        log "  $t round $round: $(grep -o '"p50":[0-9]*' "$out")"
    done
done

guard_json="$("$GUARD_BIN" | sed -n 's/^BENCH_JSON //p' || true)"
[[ -n $guard_json ]] || die "guardrails-bench printed nothing"
log "guardrails: $guard_json"

python3 "$BENCH/cache_report.py" "$RUNS" "$guard_json" "$RESULTS/cache-guardrails-latest.md" "$SLOW_MS" "$ROOT"
