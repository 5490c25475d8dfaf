#!/usr/bin/env bash
# Packaging checks, run by scripts/test on every CI run:
#   1. the packaging scripts pass shellcheck;
#   2. Switchyard.app's Info.plist (as CMake configures it) and its entitlements are valid
#      plists with the required keys and types (plistlib), and the .icns is well formed;
#   3. Linux: a Release headless build packs into a .deb (CPack), which dpkg installs into a
#      scratch root; there the binary, the unit and the config are in place, the unit passes
#      systemd-analyze verify, `switchyard --version` runs, and the binary serves with the
#      example config; then dpkg purges it again.
# Builds in build-deb/ (SWITCHYARD_DEB_BUILD_DIR overrides). Nothing outside it is installed.
# bash 3.2 compatible, so the plist part runs on a stock Mac too.
set -euo pipefail

usage() {
  cat <<EOF
Usage: $(basename "$0") [--help]
Checks the packaging files and, on Linux, builds, installs (into a scratch root) and runs the .deb.
Environment: SWITCHYARD_DEB_BUILD_DIR (default: build-deb in the checkout).
EOF
}
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${SWITCHYARD_DEB_BUILD_DIR:-$root/build-deb}"
cd "$root"

fail() { echo "check-packaging: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 not found; $2"; }
step() { echo "-- packaging: $*"; }

# The .deb's control data: Depends from dpkg-shlibdeps, the conffile, the maintainer scripts.
check_control() {
  local deb="$1" depends
  depends="$(dpkg-deb --field "$deb" Depends)"
  for lib in libqt6core6 libqt6network6; do
    [[ "$depends" == *"$lib "* ]] || fail "Depends lacks $lib: $depends"
  done
  # QtSql loads its drivers as plugins: linking it means needing the SQLite driver package.
  if [[ "$depends" == *"libqt6sql6 "* && "$depends" != *libqt6sql6-sqlite* ]]; then
    fail "the binary links QtSql but Depends lacks libqt6sql6-sqlite: $depends"
  fi
  # Every package named in Depends must exist here (names only; versions are dpkg's business).
  local names name
  read -ra names <<<"$(sed -E 's/\([^)]*\)//g; s/[,|]/ /g' <<<"$depends")"
  for name in "${names[@]}"; do
    dpkg-query -W "$name" >/dev/null 2>&1 || fail "Depends names $name, which is not an installed package here"
  done
  # Read whole outputs first: grep -q would stop reading early, and pipefail would call that
  # dpkg-deb's failure (SIGPIPE).
  local conffiles info
  conffiles="$(dpkg-deb --info "$deb" conffiles)"
  grep -qx /etc/switchyard/config.yaml <<<"$conffiles" || fail "/etc/switchyard/config.yaml is not a conffile"
  info="$(dpkg-deb --info "$deb")"
  for script in postinst prerm postrm; do
    grep -qE "^ .* \* +$script " <<<"$info" || fail "no executable $script in the .deb"
  done
}

# dpkg installs into a scratch root: its own database, maintainer scripts run outside a chroot
# with DPKG_ROOT set (they then leave this system alone), Depends unchecked (the scratch root
# has no other packages; check_control checked them against this system).
scratch=""
dpkg_scratch() {
  local as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    need fakeroot "apt-get install fakeroot (dpkg needs root to set file owners)"
    as_root=(fakeroot)
  fi
  ${as_root[@]+"${as_root[@]}"} dpkg --root="$scratch" --log=/dev/null --force-script-chrootless --force-depends "$@" \
    >"$scratch.log" 2>&1 || { cat "$scratch.log" >&2; fail "dpkg $* failed in $scratch"; }
}

install_into_scratch() {
  step "install into a scratch root"
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch" "$scratch.log"' EXIT
  mkdir -p "$scratch"/var/lib/dpkg/{info,updates,triggers}
  touch "$scratch/var/lib/dpkg/status"
  dpkg_scratch --install "$1"
}

check_installed_files() {
  local version="$1" expected out
  for file in usr/bin/switchyard usr/lib/systemd/system/switchyard.service etc/switchyard/config.yaml \
    usr/share/doc/switchyard/README.md usr/share/doc/switchyard/examples/grafana/switchyard.json \
    usr/share/doc/switchyard/examples/prometheus/prometheus.yml; do
    [[ -f "$scratch/$file" ]] || fail "the .deb did not install /$file"
  done
  [[ -x "$scratch/usr/bin/switchyard" ]] || fail "/usr/bin/switchyard is not executable"
  # keychain/NAME support, loaded on first use from ../lib/switchyard beside the binary
  local module="$scratch/usr/lib/switchyard/switchyard-keychain.so"
  [[ -f "$module" ]] || fail "the .deb did not install /usr/lib/switchyard/switchyard-keychain.so"
  if ldd "$module" | grep -q "not found"; then
    fail "switchyard-keychain.so needs libraries that are missing: $(ldd "$module" | grep "not found")"
  fi
  out="$(dpkg-query --admindir="$scratch/var/lib/dpkg" -W -f='${Status}' switchyard)"
  [[ "$out" == "install ok installed" ]] || fail "dpkg lists switchyard as '$out', not installed"
  step "switchyard --version from /usr/bin"
  out="$("$scratch/usr/bin/switchyard" --version)" || fail "switchyard --version failed: $out"
  echo "$out"
  expected="switchyard $version"
  [[ "$out" == "$expected"* ]] || fail "switchyard --version printed '$out', expected '$expected …'"
}

# systemd-analyze verify, with ExecStart pointed at the scratch binary (verify checks that it
# exists). It exits 0 even for unknown keys, so any output is a failure.
check_unit() {
  step "systemd-analyze verify switchyard.service"
  local unit="$scratch/usr/lib/systemd/system/switchyard.service" copy out
  grep -qx 'ExecStart=/usr/bin/switchyard --headless --config /etc/switchyard/config.yaml' "$unit" ||
    fail "unexpected ExecStart in $unit: $(grep ExecStart= "$unit")"
  if ! command -v systemd-analyze >/dev/null; then
    echo "   systemd-analyze not found (package systemd): unit not verified"
    return
  fi
  copy="$scratch/verify/switchyard.service"
  mkdir -p "$(dirname "$copy")"
  sed "s#=/usr/bin/switchyard #=$scratch/usr/bin/switchyard #" "$unit" >"$copy"
  out="$(systemd-analyze verify --man=no "$copy" 2>&1)" || fail "systemd-analyze verify failed: $out"
  [[ -z "$out" ]] || fail "systemd-analyze verify complained: $out"
}

# One HTTP/1.1 GET to 127.0.0.1:port with bash's /dev/tcp; prints the whole response.
http_get() {
  local port="$1" path="$2"
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
  timeout 5 cat <&3
  exec 3<&-
}

# The installed binary serves with the installed example config, then stops cleanly on SIGTERM.
check_serving() {
  step "serve with /etc/switchyard/config.yaml"
  local log="$scratch/serve.log" pid port="" status=0
  "$scratch/usr/bin/switchyard" --headless --config "$scratch/etc/switchyard/config.yaml" --host 127.0.0.1 --port 0 \
    >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    port="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1 | cut -d: -f3)" || true
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$port" ]]; then
    kill "$pid" 2>/dev/null || true
    cat "$log" >&2
    fail "switchyard did not start serving with the example config (log above)"
  fi
  local health models
  health="$(http_get "$port" /health/liveliness)" || true
  models="$(http_get "$port" /v1/models)" || true
  kill -TERM "$pid"
  wait "$pid" || status=$?
  [[ "$health" == "HTTP/1.1 200"* ]] || fail "GET /health/liveliness answered: $health"
  [[ "$models" == *'"local-llama"'* && "$models" == *'"qwen"'* ]] || fail "GET /v1/models answered: $models"
  ((status == 0)) || { cat "$log" >&2; fail "switchyard exited with $status after SIGTERM"; }
  echo "   served on port $port, /v1/models lists the example's model groups, exited 0 on SIGTERM"
}

purge_from_scratch() {
  step "purge from the scratch root"
  dpkg_scratch --purge switchyard
  for file in usr/bin/switchyard usr/lib/systemd/system/switchyard.service etc/switchyard/config.yaml; do
    [[ ! -e "$scratch/$file" ]] || fail "/$file is still there after dpkg --purge"
  done
}

need cmake "run scripts/install-deps.sh"
need ninja "run scripts/install-deps.sh"
need shellcheck "run scripts/install-deps.sh --with-tests"
need python3 "run scripts/install-deps.sh --with-tests"

step "shellcheck"
scripts=(scripts/check-packaging.sh)
while IFS= read -r script; do scripts+=("$script"); done < <(find packaging -name '*.sh' -o -path 'packaging/linux/debian/*' -type f | sort)
shellcheck "${scripts[@]}"

step "configure ($build)"
# A headless Release build, as a server package wants: no Widgets, no tests.
# shellcheck disable=SC2046
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DSWITCHYARD_GUI=OFF -DSWITCHYARD_TESTS=OFF -DSWITCHYARD_WERROR=OFF $("$root/scripts/cmake-prefix.sh") >/dev/null
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[[ -n "$version" ]] || fail "no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt"

step "Info.plist, entitlements and icon"
python3 packaging/macos/check-plists.py "$build/packaging/macos/Info.plist" packaging/macos/Switchyard.entitlements \
  --version "$version" --resources resources
python3 packaging/macos/icns.py check resources/Switchyard.icns
if command -v plutil >/dev/null; then
  plutil -lint "$build/packaging/macos/Info.plist" packaging/macos/Switchyard.entitlements
fi

if [[ "$(uname -s)" != Linux ]]; then
  step "no .deb on $(uname -s): skipped"
  echo "== packaging checks passed"
  exit 0
fi
need dpkg-deb "it comes with dpkg"
need dpkg-query "it comes with dpkg"
need dpkg-shlibdeps "apt-get install dpkg-dev (it computes the .deb's Depends)"

step "build and cpack -G DEB"
cmake --build "$build" -j "$(nproc)" --target switchyard >"$build/build.log" 2>&1 ||
  { tail -40 "$build/build.log" >&2; fail "the Release build failed (whole log: $build/build.log)"; }
rm -f "$build"/switchyard_*.deb
(cd "$build" && cpack -G DEB >"$build/cpack.log" 2>&1) || { cat "$build/cpack.log" >&2; fail "cpack -G DEB failed"; }
debs=("$build"/switchyard_*.deb)
[[ -f "${debs[0]}" ]] || fail "cpack made no switchyard_*.deb in $build"
deb="${debs[0]}"

check_control "$deb"
install_into_scratch "$deb"
check_installed_files "$version"
check_unit
check_serving
purge_from_scratch
echo "== packaging checks passed ($(basename "$deb"))"
