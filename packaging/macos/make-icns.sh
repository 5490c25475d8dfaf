#!/usr/bin/env bash
# Renders the app icon resources/Switchyard.icns from its one source, resources/switchyard.svg,
# and the menu-bar template PNGs (1x, 2x) from resources/switchyard-template.svg.
#
# The outputs are committed next to the SVGs, so building the app needs none of these tools:
# run this again after editing an SVG. Needs rsvg-convert (Debian: librsvg2-bin; Homebrew:
# librsvg), and iconutil (macOS) or python3 (elsewhere: packaging/macos/icns.py packs the same
# layout).
set -euo pipefail

usage() {
  cat <<EOF
Usage: $(basename "$0") [--help]
Writes resources/Switchyard.icns, resources/switchyard-template.png and
resources/switchyard-template@2x.png from the SVG sources in resources/.
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
resources="$(cd "$here/../../resources" && pwd)"

die() { echo "make-icns.sh: $*" >&2; exit 1; }
command -v rsvg-convert >/dev/null ||
  die "rsvg-convert not found: apt-get install librsvg2-bin (Debian) or brew install librsvg (macOS)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
iconset="$work/Switchyard.iconset"
mkdir "$iconset"

# Apple's iconset names: icon_<points>x<points>[@2x].png.
for points in 16 32 128 256 512; do
  rsvg-convert -w "$points" -h "$points" "$resources/switchyard.svg" -o "$iconset/icon_${points}x${points}.png"
  rsvg-convert -w $((points * 2)) -h $((points * 2)) "$resources/switchyard.svg" \
    -o "$iconset/icon_${points}x${points}@2x.png"
done

if command -v iconutil >/dev/null; then
  iconutil --convert icns --output "$resources/Switchyard.icns" "$iconset"
elif command -v python3 >/dev/null; then
  python3 "$here/icns.py" pack "$resources/Switchyard.icns" "$iconset"
else
  die "need iconutil (macOS) or python3 to pack the .icns"
fi
if command -v python3 >/dev/null; then
  python3 "$here/icns.py" check "$resources/Switchyard.icns"
fi

# The menu bar icon is 22 px tall; Qt picks the @2x file on Retina screens by its name.
rsvg-convert -w 22 -h 22 "$resources/switchyard-template.svg" -o "$resources/switchyard-template.png"
rsvg-convert -w 44 -h 44 "$resources/switchyard-template.svg" -o "$resources/switchyard-template@2x.png"
echo "Wrote $resources/Switchyard.icns and the menu-bar template PNGs"
