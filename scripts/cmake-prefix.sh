#!/usr/bin/env bash
# Prints extra CMake arguments for this platform (Homebrew's Qt is not on the default path).
if [[ "$(uname -s)" == "Darwin" ]] && command -v brew >/dev/null; then
  echo "-DCMAKE_PREFIX_PATH=$(brew --prefix qt);$(brew --prefix)"
fi
