#!/usr/bin/env bash
# The whole signed macOS release in one command, on a Mac (README: "Release"):
#   Release build of Switchyard.app → bundle-qt.sh → sign-and-notarize.sh → Switchyard-VERSION.dmg
# Needs the three SWITCHYARD_* variables sign-and-notarize.sh --help describes. bash 3.2 compatible.
set -euo pipefail

usage() {
  cat <<EOF
Usage: $(basename "$0") [--help] [BUILD_DIR [CMAKE_ARGUMENT...]]

Builds Switchyard.app (Release, menu-bar UI, no tests) in BUILD_DIR (default: build-release),
bundles Qt into it, signs and notarizes it, and writes BUILD_DIR/Switchyard-VERSION.dmg.
CMAKE_ARGUMENTs go to the configure step, e.g. -DCMAKE_OSX_DEPLOYMENT_TARGET=14.0 when the
libraries you build with need a newer macOS than 12 (bundle-qt.sh tells you).
Environment: as for sign-and-notarize.sh (SWITCHYARD_SIGN_IDENTITY, SWITCHYARD_TEAM_ID,
SWITCHYARD_NOTARY_PROFILE); CMAKE_PREFIX_PATH or Homebrew's qt for Qt.
EOF
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  -*) usage >&2; exit 2 ;;
esac
[[ "$(uname -s)" == Darwin ]] || { echo "release.sh: macOS only" >&2; exit 1; }

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build-release}"
[[ $# -gt 0 ]] && shift

# Check the signing variables before a build that takes minutes.
for name in SWITCHYARD_SIGN_IDENTITY SWITCHYARD_TEAM_ID SWITCHYARD_NOTARY_PROFILE; do
  [[ -n "${!name:-}" ]] || { echo "release.sh: $name is not set; see $here/sign-and-notarize.sh --help" >&2; exit 1; }
done

# A fresh bundle each time: macdeployqt and signing both change it in place.
rm -rf "$build/app/Switchyard.app"
# shellcheck disable=SC2046
# 12.0: the oldest macOS Qt 6.8 supports; also the bundle's LSMinimumSystemVersion. A later
# -DCMAKE_OSX_DEPLOYMENT_TARGET among the arguments wins.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWITCHYARD_GUI=ON -DSWITCHYARD_TESTS=OFF \
  -DCMAKE_OSX_DEPLOYMENT_TARGET=12.0 $("$root/scripts/cmake-prefix.sh") "$@"
cmake --build "$build" --target switchyard

"$here/bundle-qt.sh" "$build/app/Switchyard.app"
"$here/sign-and-notarize.sh" "$build/app/Switchyard.app" "$build"
