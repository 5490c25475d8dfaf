#!/usr/bin/env bash
# Installs what Switchyard needs to build, run and test, on Debian/Ubuntu (apt) or macOS
# (Homebrew). Installs only what is missing; safe to run again.
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-tools-dev qt6-l10n-tools
  libqt6sql6-sqlite libqt6sql6-psql libgl1-mesa-dev
  libyaml-cpp-dev zlib1g-dev libhiredis-dev qtkeychain-qt6-dev
)
# Test tools, as "command:package": a tool already on PATH (e.g. Node.js from NodeSource, whose
# package bundles npm and conflicts with Debian's) is left alone.
APT_TEST_TOOLS=(
  node:nodejs npm:npm nginx:nginx wrk:wrk xvfb-run:xvfb xauth:xauth clang-format:clang-format shellcheck:shellcheck
  # scripts/check-packaging.sh: plist checks, the .deb's Depends, dpkg as a non-root user
  python3:python3 dpkg-shlibdeps:dpkg-dev fakeroot:fakeroot
  # tests/integration/with-keyring.sh: a real Secret Service for keychain/NAME secrets
  dbus-run-session:dbus gnome-keyring-daemon:gnome-keyring
  # virtual keys: shared limits through a real Redis (tests/support/ServerProcess.h)
  redis-server:redis-server
  # scripts/fuzz.sh: libFuzzer (its runtime is libclang-rt-N-dev, checked below)
  clang++:clang
)
BREW_PACKAGES=(cmake ninja qt yaml-cpp hiredis qtkeychain)
BREW_TEST_PACKAGES=(node nginx redis postgresql@16 wrk clang-format shellcheck)

with_tests=0
[[ "${1:-}" == "--with-tests" ]] && with_tests=1

sudo_if_needed() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

install_apt() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if (( with_tests )); then
    for entry in "${APT_TEST_TOOLS[@]}"; do
      command -v "${entry%%:*}" >/dev/null || missing+=("${entry#*:}")
    done
    # The PostgreSQL tests start their own cluster with initdb and postgres, which Debian keeps
    # off PATH in /usr/lib/postgresql/VERSION/bin.
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || missing+=(postgresql)
    compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null || missing+=(libclang-rt-14-dev)
  fi
  if (( ${#missing[@]} )); then
    echo "Installing: ${missing[*]}"
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_brew() {
  command -v brew >/dev/null || { echo "Homebrew is required on macOS: https://brew.sh" >&2; exit 1; }
  local wanted=("${BREW_PACKAGES[@]}")
  (( with_tests )) && wanted+=("${BREW_TEST_PACKAGES[@]}")
  for pkg in "${wanted[@]}"; do
    brew list --versions "$pkg" >/dev/null 2>&1 || brew install "$pkg"
  done
}

case "$(uname -s)" in
  Linux)
    command -v apt-get >/dev/null || { echo "Only apt-based Linux is scripted; install the packages listed in $0 by hand." >&2; exit 1; }
    install_apt ;;
  Darwin) install_brew ;;
  *) echo "Unsupported system: $(uname -s)" >&2; exit 1 ;;
esac
