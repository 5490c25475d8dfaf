#!/usr/bin/env bash
# Signs Switchyard.app for distribution outside the App Store, has Apple notarize it, staples the
# ticket, and wraps it in a signed, notarized and stapled DMG.
#
#   1. codesign every nested binary (plugins, dylibs), then each framework, then the app, with
#      the hardened runtime, a secure timestamp and, on the app, Switchyard.entitlements;
#   2. verify: codesign --verify --deep --strict, the team, the runtime flag;
#   3. notarize the app (xcrun notarytool submit --wait) and staple it; Gatekeeper must accept it;
#   4. build Switchyard-VERSION.dmg (compressed, with an /Applications link), sign, notarize and
#      staple it too.
#
# Run bundle-qt.sh first: anything changed after signing breaks the signature. macOS only; bash
# 3.2 compatible.
set -euo pipefail

usage() {
  cat <<EOF
Usage: $(basename "$0") [--help] PATH/TO/Switchyard.app [OUTPUT_DIR]

Signs, notarizes and staples the app, then makes OUTPUT_DIR/Switchyard-VERSION.dmg (default
OUTPUT_DIR: the app's folder), signed, notarized and stapled as well.

Environment (all required):
  SWITCHYARD_SIGN_IDENTITY   the Developer ID Application certificate in your keychain, as
                             security find-identity -v -p codesigning  lists it, e.g.
                             "Developer ID Application: Jane Doe (AB12CD34EF)"
  SWITCHYARD_TEAM_ID         your Apple Developer team ID, e.g. AB12CD34EF
  SWITCHYARD_NOTARY_PROFILE  a notarytool keychain profile, made once with
                             xcrun notarytool store-credentials PROFILE --apple-id YOU@EXAMPLE.COM \\
                               --team-id AB12CD34EF --password APP-SPECIFIC-PASSWORD
EOF
}

die() {
  echo "sign-and-notarize.sh: $*" >&2
  exit 1
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "" | -*) usage >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
entitlements="$here/Switchyard.entitlements"

need_env() {
  [[ -n "${!1:-}" ]] || die "$1 is not set. $2
Run  $(basename "$0") --help  for all the variables."
}
need_env SWITCHYARD_SIGN_IDENTITY \
  "Set it to your Developer ID Application certificate: export SWITCHYARD_SIGN_IDENTITY=\"Developer ID Application: NAME (TEAMID)\" (security find-identity -v -p codesigning lists yours)."
need_env SWITCHYARD_TEAM_ID \
  "Set it to your Apple Developer team ID: export SWITCHYARD_TEAM_ID=AB12CD34EF (developer.apple.com → Account → Membership)."
need_env SWITCHYARD_NOTARY_PROFILE \
  "Store your notary credentials once (xcrun notarytool store-credentials PROFILE --apple-id … --team-id … --password …), then export SWITCHYARD_NOTARY_PROFILE=PROFILE."
identity="$SWITCHYARD_SIGN_IDENTITY"
team="$SWITCHYARD_TEAM_ID"
profile="$SWITCHYARD_NOTARY_PROFILE"
[[ "$(uname -s)" == Darwin ]] || die "macOS only (codesign, notarytool, stapler and hdiutil come with Xcode)"
app="$(cd "$1" && pwd)" || die "no such bundle: $1"
out_dir="$(cd "${2:-$(dirname "$app")}" && pwd)" || die "no such folder: ${2:-}"

for tool in codesign security spctl hdiutil ditto xcrun file shasum /usr/libexec/PlistBuddy; do
  command -v "$tool" >/dev/null || die "$tool not found: install Xcode's command line tools (xcode-select --install)"
done
xcrun --find notarytool >/dev/null 2>&1 || die "xcrun cannot find notarytool: install Xcode 13 or later"
xcrun --find stapler >/dev/null 2>&1 || die "xcrun cannot find stapler: install Xcode"
[[ -f "$entitlements" ]] || die "missing $entitlements"
[[ -d "$app/Contents/Frameworks/QtCore.framework" ]] ||
  die "$app has no bundled Qt: run packaging/macos/bundle-qt.sh $app first"

# Fail before signing anything when the certificate or the notary profile is not usable.
identities="$(security find-identity -v -p codesigning)"
grep -qF "$identity" <<<"$identities" ||
  die "no valid code signing identity \"$identity\" in your keychains (security find-identity -v -p codesigning)"
case "$identity" in
  *"("*")"*) [[ "$identity" == *"($team)"* ]] || die "identity \"$identity\" is not from team $team (SWITCHYARD_TEAM_ID)" ;;
esac
case "$identity" in
  "Developer ID Application:"*) ;;
  *"("*) die "notarization needs a \"Developer ID Application\" certificate, not \"$identity\"" ;;
esac
xcrun notarytool history --keychain-profile "$profile" >/dev/null 2>&1 ||
  die "notarytool cannot use the keychain profile \"$profile\": create it with
  xcrun notarytool store-credentials \"$profile\" --apple-id YOU@EXAMPLE.COM --team-id $team --password APP-SPECIFIC-PASSWORD"

plist_value() { /usr/libexec/PlistBuddy -c "Print :$1" "$app/Contents/Info.plist"; }
version="$(plist_value CFBundleShortVersionString)"
executable="$app/Contents/MacOS/$(plist_value CFBundleExecutable)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sign() { codesign --force --timestamp --options runtime --sign "$identity" "$@"; }

# ---------------------------------------------------------------------------------------------
echo "== signing $app as $identity"
# Inside out: loose binaries (plugins, dylibs) first, then frameworks, then the app, since a
# bundle's signature covers the signatures of what it contains. No --deep: it would sign
# everything the same way and hide what was signed how.
find "$app/Contents" -type f ! -path '*.framework/*' ! -path "$executable" -print0 |
  while IFS= read -r -d '' f; do
    case "$(file -b "$f")" in *Mach-O*) sign "$f" ;; esac
  done
find "$app/Contents/Frameworks" -maxdepth 1 -name '*.framework' -print0 |
  while IFS= read -r -d '' framework; do sign "$framework"; done
sign --entitlements "$entitlements" "$app"

echo "== verifying the signature"
codesign --verify --deep --strict --verbose=2 "$app"
details="$(codesign --display --verbose=2 "$app" 2>&1)"
grep -q "^TeamIdentifier=$team\$" <<<"$details" || die "signed by another team than $team:
$details"
grep -q "flags=.*runtime" <<<"$details" || die "the hardened runtime is not on:
$details"

# Submits a file and waits for Apple's verdict; prints the notary log when it is not Accepted.
notarize() {
  local file="$1" result status id
  echo "== notarizing $(basename "$file") (this can take a few minutes)"
  result="$(xcrun notarytool submit "$file" --keychain-profile "$profile" --wait --output-format json)" ||
    die "notarytool submit failed: $result"
  status="$(sed -n 's/.*"status" *: *"\([^"]*\)".*/\1/p' <<<"$result")"
  id="$(sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' <<<"$result")"
  if [[ "$status" != Accepted ]]; then
    [[ -z "$id" ]] || xcrun notarytool log "$id" --keychain-profile "$profile" >&2 || true
    die "notarization of $(basename "$file") ended as '${status:-unknown}' (submission ${id:-?}): $result"
  fi
  echo "accepted (submission $id)"
}

zip="$work/Switchyard.zip"
ditto -c -k --sequesterRsrc --keepParent "$app" "$zip"
notarize "$zip"
xcrun stapler staple "$app"
xcrun stapler validate "$app"
spctl --assess --type execute --verbose=2 "$app"

# ---------------------------------------------------------------------------------------------
dmg="$out_dir/Switchyard-$version.dmg"
echo "== building $dmg"
staging="$work/dmg"
mkdir "$staging"
ditto "$app" "$staging/Switchyard.app"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Switchyard $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
codesign --force --timestamp --sign "$identity" "$dmg"
codesign --verify --strict --verbose=2 "$dmg"
notarize "$dmg"
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"

echo "== done: $dmg"
shasum -a 256 "$dmg"
