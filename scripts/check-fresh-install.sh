#!/usr/bin/env bash
# CI stage: a new user's first command on a fresh Debian 12. In a minimal bookworm root made with
# debootstrap, from this checkout's files as a clone has them, it runs what scripts/test runs
# first: scripts/install-deps.sh --with-tests, npm ci, and the CMake configure. A package the
# install step forgets fails here instead of on a user's machine (issue 11: libqt6opengl6-dev).
# SWITCHYARD_FRESH_BUILD=1 builds there too.
#
# Needs root and debootstrap; skips with a message otherwise, or when SWITCHYARD_SKIP_CHROOT=1.
# Cached across runs: the bare root and downloaded .debs (scripts/debian-chroot.sh); never the
# installed packages, which are what this checks.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/debian-chroot.sh
source "$root/scripts/debian-chroot.sh"
chroot_stage_wanted "the fresh Debian 12 install check" || exit 0

trap 'chroot_cleanup "$chroot_dir"' EXIT
trap 'exit 130' INT TERM
chroot_workdir fresh-install 6
src=/home/switchyard

chroot_bare_root "$chroot_dir" bookworm
chroot_enter "$chroot_dir" bookworm

# The tracked and new (not ignored) files: no build folders or node_modules, as in a fresh clone.
copy_checkout() {
  mkdir -p "$chroot_dir$src"
  git -C "$root" ls-files -z --cached --others --exclude-standard \
    | tar -C "$root" --null --no-recursion --ignore-failed-read -cf - -T - \
    | tar -C "$chroot_dir$src" -xf -
}
chroot_step "copying the checkout to $src" copy_checkout
chroot_step "scripts/install-deps.sh --with-tests" chroot_run "$chroot_dir" "$src/scripts/install-deps.sh" --with-tests
grep '^install-deps:' "$chroot_log" | sed 's/^/     /' || true
chroot_step "npm ci (tests/node)" chroot_run "$chroot_dir" \
  sh -c "cd $src/tests/node && npm ci --no-audit --no-fund --loglevel=error"
# scripts/test's configure (run_suite)
chroot_step "cmake configure (Debug, -Werror)" chroot_run "$chroot_dir" \
  cmake -S "$src" -B "$src/build-ci" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSWITCHYARD_WERROR=ON
if [[ "${SWITCHYARD_FRESH_BUILD:-0}" == 1 ]]; then
  chroot_step "cmake --build" chroot_run "$chroot_dir" cmake --build "$src/build-ci" -j "$(nproc)"
fi
