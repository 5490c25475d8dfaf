#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan + UBSan) and runs each for a fixed time
# on its seed corpus. Any finding fails the run and leaves the input under build-fuzz/artifacts/;
# make it a regression test: copy it to tests/fuzz/corpus/TARGET/crash-NAME, fix the bug, and add
# a unit test for it (tests/fuzz/README.md).
#   scripts/fuzz.sh [TARGET…]        all targets, or the ones named
#   SWITCHYARD_FUZZ_SECONDS=N         time per target (default 35: nine targets, about 5 minutes in CI)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${SWITCHYARD_FUZZ_BUILD:-$root/build-fuzz}"
seconds="${SWITCHYARD_FUZZ_SECONDS:-35}"

# libFuzzer comes with clang (Debian: clang + libclang-rt-N-dev; macOS: Homebrew's llvm, as
# Apple's clang has none).
cxx=""
for candidate in clang++ clang++-14 "$(brew --prefix llvm 2>/dev/null || true)/bin/clang++"; do
  if command -v "$candidate" >/dev/null 2>&1 \
     && echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, long) { return 0; }' \
        | "$candidate" -x c++ -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
    cxx="$candidate"
    break
  fi
done
if [[ -z "$cxx" ]]; then
  if [[ "$(uname -s)" == Darwin ]]; then
    echo "fuzz: skipped, no clang with libFuzzer (brew install llvm)" >&2
    exit 0
  fi
  echo "fuzz: no clang with libFuzzer found (Debian: apt install clang libclang-rt-14-dev)" >&2
  exit 1
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# shellcheck disable=SC2046
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
  -DSWITCHYARD_FUZZ=ON -DSWITCHYARD_TESTS=OFF -DSWITCHYARD_GUI=OFF "${launcher[@]}" \
  $("$root/scripts/cmake-prefix.sh") >/dev/null

targets=("$@")
if (( ${#targets[@]} == 0 )); then
  while IFS= read -r t; do [[ -n "$t" ]] && targets+=("$t"); done < "$build/fuzz-targets.txt"
fi
jobs="$(nproc 2>/dev/null || sysctl -n hw.ncpu)"
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for target in "${targets[@]}"; do
  seeds="$root/tests/fuzz/corpus/$target"
  work="$build/corpus/$target" # what the fuzzer finds stays out of the repository
  artifacts="$build/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  dict=()
  [[ -f "$root/tests/fuzz/dict/$target.dict" ]] && dict=(-dict="$root/tests/fuzz/dict/$target.dict")
  echo "== fuzz $target (${seconds}s)"
  if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "$work" "$seeds" \
       > "$build/$target.log" 2>&1; then
    tail -n 60 "$build/$target.log" >&2
    echo "fuzz: $target found a problem; the input is in $artifacts/ (see tests/fuzz/README.md)" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/$target.log" | tr '\n' ' '
    echo
  fi
done
exit "$status"
