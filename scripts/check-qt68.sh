#!/usr/bin/env bash
# CI stage: the Qt 6.8 build. macOS users build with Homebrew's Qt 6.8+, while this machine has
# Debian 12's Qt 6.4: so this builds in a Debian 13 (trixie, Qt 6.8) root, Debug with -Werror,
# and runs the unit and integration tests there (ctest, with real redis-server, PostgreSQL,
# nginx and node, installed by scripts/install-deps.sh --with-tests as on any machine).
#
# Needs root and debootstrap; skips with a message otherwise, or when SWITCHYARD_SKIP_CHROOT=1.
# SWITCHYARD_QT68_CTEST_ARGS adds ctest arguments (e.g. "-R TestHttpFront --repeat until-fail:5").
# Cached across runs (scripts/debian-chroot.sh), none of it needed to pass: the root with its
# packages as trixie-deps-KEY.tar.zst, KEY a hash of what decides the packages; the compiler
# cache in ccache-trixie/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/debian-chroot.sh
source "$root/scripts/debian-chroot.sh"
chroot_stage_wanted "the Qt 6.8 build" || exit 0

suite=trixie
src=/home/switchyard
build=/home/build
jobs="$(nproc)"
# A change in the dependency list or in how it is installed makes a new prepared root.
key="$(cat "$root/cmake/SwitchyardDependencies.cmake" "$root/scripts/install-deps.sh" | sha256sum | cut -c1-16)"
prepared="$ci_cache/$suite-deps-$key.tar.zst"

trap 'chroot_cleanup "$chroot_dir"' EXIT
trap 'exit 130' INT TERM
chroot_workdir qt68 8

copy_checkout() {
  mkdir -p "$chroot_dir$src"
  git -C "$root" ls-files -z --cached --others --exclude-standard \
    | tar -C "$root" --null --no-recursion --ignore-failed-read -cf - -T - \
    | tar -C "$chroot_dir$src" -xf -
}

# The root with every package installed: from the cache, or made now and cached (older
# prepared roots are dropped).
if [[ -f "$prepared" && -n "$(find "$prepared" -mtime -7)" ]]; then
  chroot_step "unpacking the prepared $suite root ($(basename "$prepared"))" tar --zstd -xf "$prepared" -C "$chroot_dir"
  chroot_enter "$chroot_dir" "$suite"
  chroot_step "copying the checkout to $src" copy_checkout
else
  chroot_bare_root "$chroot_dir" "$suite"
  chroot_enter "$chroot_dir" "$suite"
  chroot_step "copying the checkout to $src" copy_checkout
  chroot_step "scripts/install-deps.sh --with-tests" chroot_run "$chroot_dir" "$src/scripts/install-deps.sh" --with-tests
  grep '^install-deps:' "$chroot_log" | sed 's/^/     /' || true
  find "$ci_cache" -maxdepth 1 -name "$suite-deps-*.tar.zst" -delete
  rm -rf "${chroot_dir:?}$src"
  chroot_save "$chroot_dir" "$prepared"
  chroot_step "copying the checkout to $src" copy_checkout
fi
# On a cached root this only asks the probe, which must find nothing missing.
chroot_step "scripts/install-deps.sh --with-tests" chroot_run "$chroot_dir" "$src/scripts/install-deps.sh" --with-tests
chroot_step "npm ci (tests/node)" chroot_run "$chroot_dir" \
  sh -c "cd $src/tests/node && npm ci --no-audit --no-fund --loglevel=error"

mkdir -p "$ci_cache/ccache-$suite"
chroot_bind "$ci_cache/ccache-$suite" "$chroot_dir" /ccache
in_root() {
  chroot_run "$chroot_dir" env CCACHE_DIR=/ccache CCACHE_MAXSIZE=5G QT_QPA_PLATFORM=offscreen "$@"
}
chroot_step "cmake configure (Debug, -Werror)" in_root cmake -S "$src" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug -DSWITCHYARD_WERROR=ON -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
# shellcheck disable=SC2016 # dpkg-query's own ${Version}
echo "   Qt $(in_root dpkg-query -W -f='${Version}' qt6-base-dev)"
in_root ccache -z >/dev/null
# -k 0: one failed run lists every file that fails on Qt 6.8, not only the first.
chroot_step "cmake --build -j $jobs" in_root cmake --build "$build" -j "$jobs" -- -k 0
echo "   ccache: $(in_root ccache -s | grep -E '^ *Hits:' | head -1 | tr -s ' ')"
echo "   ctest (output follows)"
start="$SECONDS"
# shellcheck disable=SC2086 # SWITCHYARD_QT68_CTEST_ARGS: extra ctest arguments, e.g. "-R TestFoo"
in_root ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 600 ${SWITCHYARD_QT68_CTEST_ARGS:-}
echo "   ctest: $((SECONDS - start)) s"
