#!/usr/bin/env bash
# Installs what Switchyard needs to build, run and test, on Debian/Ubuntu (apt) or macOS
# (Homebrew). Safe to run again: it installs only what is missing.
#   scripts/install-deps.sh [--with-tests]
#
# It asks the build what is missing rather than keeping its own list: cmake/probe/ runs every
# find of the real build (cmake/SwitchyardDependencies.cmake, which names each one's packages),
# this installs the packages named for the misses, and asks again until nothing is missing. Only
# what the probe itself needs, CMake and a C++ compiler, is checked here first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

with_tests=0
[[ "${1:-}" == "--with-tests" ]] && with_tests=1

# "command:package"
APT_BOOTSTRAP=(cmake:cmake ninja:ninja-build c++:build-essential make:build-essential git:git pkg-config:pkg-config)
BREW_BOOTSTRAP=(cmake:cmake ninja:ninja)

fail() {
  echo "install-deps: $*" >&2
  exit 1
}

sudo_if_needed() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Prints the packages of the "command:package" entries whose command is not on PATH.
missing_commands() {
  local entry
  for entry in "$@"; do
    command -v "${entry%%:*}" >/dev/null || echo "${entry#*:}"
  done | sort -u
}

apt_updated=0
apt_install() {
  if (( ! apt_updated )); then
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

brew_install() {
  brew install "$@"
}

# Configures cmake/probe/ for platform $1 (APT or BREW); prints its report, one miss a line:
# "label|packages|why".
probe() {
  local dir extra status=0
  dir="$(mktemp -d "${TMPDIR:-/tmp}/switchyard-probe.XXXXXX")"
  extra="$("$root/scripts/cmake-prefix.sh")"
  cmake -S "$root/cmake/probe" -B "$dir" -DSWITCHYARD_PROBE_PLATFORM="$1" \
    -DSWITCHYARD_TESTS="$( ((with_tests)) && echo ON || echo OFF)" ${extra:+"$extra"} >"$dir/log" 2>&1 || status=$?
  if (( status )); then
    cat "$dir/log" >&2
    rm -rf "$dir"
    fail "the dependency probe (cmake/probe) failed to configure; see above"
  fi
  cat "$dir/missing.tsv"
  rm -rf "$dir"
}

# Asks the probe, installs the packages for what is missing with command $2, and asks again.
# Fails when a miss names no package, or is still missing after its packages went in.
install_missing() {
  local platform="$1" installer="$2" installed=" " round report label packages why stuck package
  local -a wanted
  for round in 1 2 3 4 5; do
    report="$(probe "$platform")"
    [[ -z "$report" ]] && return 0
    wanted=()
    stuck=""
    while IFS='|' read -r label packages why; do
      [[ -z "$label" ]] && continue
      echo "install-deps: missing $label ($why): ${packages:-no package known}"
      [[ -z "$packages" ]] && stuck+="  $label: $why"$'\n' && continue
      local fresh=0
      for package in $packages; do
        [[ "$installed" == *" $package "* ]] || { wanted+=("$package"); fresh=1; }
      done
      (( fresh )) || stuck+="  $label: still not found after installing $packages ($why)"$'\n'
    done <<<"$report"
    [[ -n "$stuck" ]] && fail $'cannot install what the build needs:\n'"$stuck"
    # (several finds share a package)
    read -r -a wanted <<<"$(printf '%s\n' "${wanted[@]}" | sort -u | tr '\n' ' ')"
    echo "install-deps: installing (round $round): ${wanted[*]}"
    "$installer" "${wanted[@]}"
    installed+="${wanted[*]} "
  done
  fail "still missing after $round rounds of installing"
}

install_apt() {
  local -a bootstrap=()
  while IFS= read -r pkg; do bootstrap+=("$pkg"); done < <(missing_commands "${APT_BOOTSTRAP[@]}")
  if (( ${#bootstrap[@]} )); then
    echo "install-deps: installing the build tools: ${bootstrap[*]}"
    apt_install "${bootstrap[@]}"
  fi
  install_missing APT apt_install
}

install_brew() {
  command -v brew >/dev/null || fail "Homebrew is required on macOS: https://brew.sh"
  command -v c++ >/dev/null || fail "a C++ compiler is required: xcode-select --install"
  local -a bootstrap=()
  while IFS= read -r pkg; do bootstrap+=("$pkg"); done < <(missing_commands "${BREW_BOOTSTRAP[@]}")
  (( ${#bootstrap[@]} )) && brew_install "${bootstrap[@]}"
  install_missing BREW brew_install
}

case "$(uname -s)" in
  Linux)
    command -v apt-get >/dev/null \
      || fail "only apt-based Linux is scripted; install the packages cmake/SwitchyardDependencies.cmake names by hand."
    install_apt ;;
  Darwin) install_brew ;;
  *) fail "unsupported system: $(uname -s)" ;;
esac
