#!/usr/bin/env bash
# Static checks on the source tree: formatting, shell scripts, and the gateway/UI boundary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
status=0

# The gateway library must build without Widgets: it runs headless.
if grep -rnE '#include <(QApplication|QWidget|QtWidgets|QSystemTrayIcon|QMenu|QtCharts)' gateway/; then
  echo "gateway/ includes a Widgets or Charts header (see above)" >&2
  status=1
fi

# Every find_* call sits in cmake/SwitchyardDependencies.cmake with its packages, where
# scripts/install-deps.sh's probe asks it: one elsewhere would be missed on a fresh machine.
if git grep -niE '^\s*find_(package|path|library|file|program)\s*\(' -- '*CMakeLists.txt' '*.cmake' \
  ':!cmake/SwitchyardDependencies.cmake'; then
  echo "find_* outside cmake/SwitchyardDependencies.cmake (see above): add it there, with its packages" >&2
  status=1
fi

# (read loops, not mapfile: macOS ships bash 3.2)
sources=()
while IFS= read -r f; do sources+=("$f"); done < <(git ls-files '*.cpp' '*.h' '*.mm')
if (( ${#sources[@]} )) && ! clang-format --dry-run -Werror "${sources[@]}" 2>/dev/null; then
  echo "clang-format: run  clang-format -i \$(git ls-files '*.cpp' '*.h')" >&2
  clang-format --dry-run -Werror "${sources[@]}" 2>&1 | grep -E '^[^ ].*warning' | head -20 >&2 || true
  status=1
fi

scripts=()
while IFS= read -r f; do scripts+=("$f"); done < <(git ls-files '*.sh' 'scripts/run' 'scripts/test' '.ci/run' 'tests/integration/*.sh')
if (( ${#scripts[@]} )) && ! shellcheck "${scripts[@]}"; then
  status=1
fi
# The web admin UI (resources/web, compiled into the binary) stays small: at most 300 KB gzipped,
# counting each file as the gateway sends it (gzip -9).
web_bytes=0
while IFS= read -r f; do
  web_bytes=$(( web_bytes + $(gzip -9c "$f" | wc -c) ))
done < <(git ls-files 'resources/web/*')
echo "web UI bundle: $web_bytes bytes gzipped"
if (( web_bytes > 300 * 1024 )); then
  echo "resources/web is $web_bytes bytes gzipped, over the 300 KB budget" >&2
  status=1
fi
exit "$status"
