#!/usr/bin/env bash
# Makes Switchyard.app self-contained: copies Qt (frameworks, the cocoa platform plugin, TLS and
# SQL drivers) and every other non-system library into the bundle with macdeployqt, then checks
# that nothing in the bundle still loads a library from outside it (/opt/homebrew, /usr/local):
# on a Mac without Homebrew such a bundle would not start.
#
# Run it on the app CMake built, before sign-and-notarize.sh (signing must come last: every
# change to a binary here breaks its signature). macOS only; bash 3.2 compatible.
set -euo pipefail

usage() {
  cat <<EOF
Usage: $(basename "$0") [--help] PATH/TO/Switchyard.app

Runs macdeployqt on the bundle, drops SQL drivers Switchyard does not use, removes absolute
rpaths, then checks: the platform, TLS and SQL plugins are there; every library reference
(otool -L) is inside the bundle or under /System/Library or /usr/lib, and resolves; no binary
needs a newer macOS than the bundle's LSMinimumSystemVersion; the app runs (--version).
The bundle ends up ad-hoc signed so it runs here; sign-and-notarize.sh signs it for release.

Environment: MACDEPLOYQT  path to macdeployqt (default: on PATH, else Homebrew's qt).
EOF
}

die() {
  echo "bundle-qt.sh: $*" >&2
  exit 1
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "" | -*) usage >&2; exit 2 ;;
esac
[[ "$(uname -s)" == Darwin ]] || die "macOS only (it needs macdeployqt, otool and codesign from Xcode)"
app="$(cd "$1" && pwd)" || die "no such bundle: $1"
[[ -f "$app/Contents/Info.plist" ]] || die "$app is not an app bundle (no Contents/Info.plist)"
for tool in otool install_name_tool codesign file /usr/libexec/PlistBuddy; do
  command -v "$tool" >/dev/null || die "$tool not found: install Xcode's command line tools (xcode-select --install)"
done

macdeployqt="${MACDEPLOYQT:-}"
if [[ -z "$macdeployqt" ]]; then
  if command -v macdeployqt >/dev/null; then
    macdeployqt="$(command -v macdeployqt)"
  elif command -v brew >/dev/null && [[ -x "$(brew --prefix qt)/bin/macdeployqt" ]]; then
    macdeployqt="$(brew --prefix qt)/bin/macdeployqt"
  fi
fi
[[ -n "$macdeployqt" && -x "$macdeployqt" ]] ||
  die "macdeployqt not found: brew install qt, or set MACDEPLOYQT=/path/to/Qt/6.8.x/macos/bin/macdeployqt"

plist_value() { /usr/libexec/PlistBuddy -c "Print :$1" "$app/Contents/Info.plist"; }
executable="$app/Contents/MacOS/$(plist_value CFBundleExecutable)"
[[ -x "$executable" ]] || die "CFBundleExecutable $executable is missing"
minimum="$(plist_value LSMinimumSystemVersion)"

# Every Mach-O file in the bundle (executables, dylibs, plugins, framework binaries).
macho_files() {
  find "$app/Contents" -type f -print0 | while IFS= read -r -d '' f; do
    case "$(file -b "$f")" in *Mach-O*) printf '%s\n' "$f" ;; esac
  done
}

# The libraries a binary loads: otool -L's indented lines (a universal binary has one header line
# per architecture, unindented), minus the binary's own install name.
dependencies() {
  local id
  id="$(otool -D "$1" | sed -n 2p)"
  otool -L "$1" | sed -n -E 's/^[[:space:]]+([^[:space:]].*) \(compatibility version.*$/\1/p' | sort -u |
    grep -vxF "${id:-//}" || true
}

# LC_RPATH entries, once each (a universal binary lists them per architecture).
rpaths() {
  otool -l "$1" | awk '$1 == "cmd" { want = ($2 == "LC_RPATH") } want && $1 == "path" { print $2 }' | sort -u
}

# The oldest macOS versions the binary says it runs on: LC_BUILD_VERSION's minos, or the older
# LC_VERSION_MIN_MACOSX's version; one per architecture.
minimum_versions() {
  otool -l "$1" | awk '$1 == "cmd" { cmd = $2 } $1 == "minos" || ($1 == "version" && cmd == "LC_VERSION_MIN_MACOSX") { print $2 }'
}

# ---------------------------------------------------------------------------------------------
echo "== macdeployqt ($macdeployqt)"
"$macdeployqt" "$app" -always-overwrite -verbose=1

# macdeployqt copies every SQL driver Qt has; the usage store needs SQLite (and PostgreSQL for
# a shared database). The others pull in client libraries (MySQL, ODBC, …) for nothing.
if [[ -d "$app/Contents/PlugIns/sqldrivers" ]]; then
  for driver in "$app/Contents/PlugIns/sqldrivers"/*.dylib; do
    case "$(basename "$driver")" in
      libqsqlite.dylib | libqsqlpsql.dylib) ;;
      *) echo "removing unused SQL driver $(basename "$driver")"; rm -f "$driver" ;;
    esac
  done
fi

# Drop dylibs in Contents/Frameworks that nothing loads any more (the removed drivers' clients).
while :; do
  all_deps="$(macho_files | while IFS= read -r f; do dependencies "$f"; done)"
  removed=0
  for lib in "$app/Contents/Frameworks"/*.dylib; do
    [[ -e "$lib" ]] || continue
    if ! grep -q "/$(basename "$lib")\$" <<<"$all_deps"; then
      echo "removing unreferenced $(basename "$lib")"
      rm -f "$lib"
      removed=1
    fi
  done
  ((removed)) || break
done

# Absolute rpaths (the build's /opt/homebrew/lib) would let dyld pick up Homebrew's Qt instead of
# the bundled one on a Mac that has it, and hide a missing library on this one.
macho_files | while IFS= read -r f; do
  rpaths "$f" | while IFS= read -r rpath; do
    case "$rpath" in
      /*) echo "removing rpath $rpath from ${f#"$app"/}"; install_name_tool -delete_rpath "$rpath" "$f" ;;
    esac
  done
done

# ---------------------------------------------------------------------------------------------
echo "== checking $app"
problems=0
problem() {
  echo "PROBLEM: $*" >&2
  problems=$((problems + 1))
}

plugins="$app/Contents/PlugIns"
[[ -f "$plugins/platforms/libqcocoa.dylib" ]] || problem "no platforms/libqcocoa.dylib: the menu-bar UI cannot start"
ls "$plugins"/tls/*.dylib >/dev/null 2>&1 || problem "no TLS plugin in PlugIns/tls: https backends (OpenAI, OpenRouter) would fail"
if [[ -d "$app/Contents/Frameworks/QtSql.framework" ]]; then
  [[ -f "$plugins/sqldrivers/libqsqlite.dylib" ]] || problem "no sqldrivers/libqsqlite.dylib: the usage store needs it"
  [[ -f "$plugins/sqldrivers/libqsqlpsql.dylib" ]] ||
    echo "warning: no sqldrivers/libqsqlpsql.dylib (this Qt has no PostgreSQL driver); database_url: postgres… will not work" >&2
else
  echo "note: the app does not link QtSql, so there are no SQL drivers to bundle"
fi

# dyld's view: @executable_path is the main executable's folder, @loader_path the binary's own,
# @rpath each LC_RPATH of the binary and of the main executable (which loads every plugin).
main_rpaths="$(rpaths "$executable")"
resolves() {
  local binary="$1" dep="$2" dir candidate
  dir="$(dirname "$binary")"
  case "$dep" in
    @executable_path/*) [[ -e "$(dirname "$executable")/${dep#@executable_path/}" ]] ;;
    @loader_path/*) [[ -e "$dir/${dep#@loader_path/}" ]] ;;
    @rpath/*)
      while IFS= read -r candidate; do
        [[ -n "$candidate" ]] || continue
        candidate="${candidate/#@executable_path/$(dirname "$executable")}"
        candidate="${candidate/#@loader_path/$dir}"
        [[ -e "$candidate/${dep#@rpath/}" ]] && return 0
      done < <(rpaths "$binary"; echo "$main_rpaths")
      return 1
      ;;
    /System/Library/* | /usr/lib/*) return 0 ;;
    *) return 1 ;;
  esac
}

# Compares dotted versions: true when $1 > $2.
version_greater() {
  local IFS=.
  local -a a b
  read -ra a <<<"$1"
  read -ra b <<<"$2"
  local i
  for i in 0 1 2; do
    if ((${a[i]:-0} != ${b[i]:-0})); then
      ((${a[i]:-0} > ${b[i]:-0}))
      return
    fi
  done
  return 1
}

checked=0
while IFS= read -r f; do
  checked=$((checked + 1))
  name="${f#"$app"/}"
  while IFS= read -r dep; do
    [[ -n "$dep" ]] || continue
    case "$dep" in
      /System/Library/* | /usr/lib/*) ;;
      /*) problem "$name loads $dep from outside the bundle" ;;
      *) resolves "$f" "$dep" || problem "$name loads $dep, which is not in the bundle" ;;
    esac
  done < <(dependencies "$f")
  for needs in $(minimum_versions "$f"); do
    if version_greater "$needs" "$minimum"; then
      problem "$name needs macOS $needs, but LSMinimumSystemVersion is $minimum (build with a Qt made for $minimum," \
        "e.g. from Qt's installer, or raise -DCMAKE_OSX_DEPLOYMENT_TARGET)"
    fi
  done
done < <(macho_files)
echo "checked $checked Mach-O files"

# install_name_tool invalidated signatures, and arm64 refuses to run unsigned code: sign ad hoc
# so the bundle runs here. sign-and-notarize.sh replaces this with the real signature.
codesign --force --deep --sign - "$app" >/dev/null 2>&1 || problem "ad-hoc codesign failed"
if ! version="$("$executable" --version 2>&1)"; then
  problem "the bundled app does not start: $version"
else
  echo "runs: $version"
fi

((problems == 0)) || die "$problems problem(s) above; the bundle is not self-contained"
echo "== $app is self-contained"
