#!/bin/sh
# Runs a command in a private D-Bus session with an unlocked gnome-keyring: the real Secret
# Service that QtKeychain (libsecret) talks to on Linux. The keyring lives in a scratch HOME,
# so the user's own secrets are never touched.
set -eu
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# shellcheck disable=SC2016 # $@ is expanded by the inner shell
dbus-run-session -- sh -c '
  printf "switchyard-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' sh "$@"
