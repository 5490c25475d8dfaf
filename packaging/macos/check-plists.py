#!/usr/bin/env python3
"""Checks Switchyard.app's Info.plist and entitlements with plistlib (CI runs this on Linux too).

    check-plists.py INFO_PLIST ENTITLEMENTS [--version X.Y.Z] [--resources DIR]

INFO_PLIST is the configured one (build dir/packaging/macos/Info.plist), not the template.
--version: CFBundleShortVersionString must equal it. --resources: CFBundleIconFile must be there.
Prints every problem and exits 1 if there is any.
"""
import argparse
import plistlib
import re
import sys
from pathlib import Path

# key -> (type, pattern the value must match in full, or None). Booleans must be True.
INFO_KEYS = {
    "CFBundleIdentifier": (str, r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"),
    "CFBundleExecutable": (str, r"[A-Za-z0-9_.-]+"),
    "CFBundleName": (str, r".{1,15}"),
    "CFBundlePackageType": (str, r"APPL"),
    "CFBundleInfoDictionaryVersion": (str, r"6\.0"),
    "CFBundleShortVersionString": (str, r"\d+(\.\d+){0,2}"),
    "CFBundleVersion": (str, r"\d+(\.\d+){0,2}"),
    "CFBundleIconFile": (str, r".+\.icns"),
    "LSMinimumSystemVersion": (str, r"1[2-9](\.\d+){0,2}|[2-9]\d(\.\d+){0,2}"),
    "LSUIElement": (bool, None),
    "NSHighResolutionCapable": (bool, None),
    "NSLocalNetworkUsageDescription": (str, r".{20,}"),
}
# The hardened runtime app needs these and nothing more (Switchyard.entitlements says why).
ENTITLEMENTS = {"com.apple.security.network.server", "com.apple.security.network.client"}


def load(path, problems):
    try:
        with open(path, "rb") as f:
            value = plistlib.load(f)
    except (OSError, plistlib.InvalidFileException, ValueError) as error:
        problems.append(f"{path}: not a readable property list: {error}")
        return None
    if not isinstance(value, dict):
        problems.append(f"{path}: the top level is a {type(value).__name__}, not a dict")
        return None
    return value


def check_info(path, version, resources, problems):
    info = load(path, problems)
    if info is None:
        return
    for key, (kind, pattern) in INFO_KEYS.items():
        value = info.get(key)
        if not isinstance(value, kind):
            problems.append(f"{path}: {key} must be a {kind.__name__}, is {value!r}")
        elif kind is bool and value is not True:
            problems.append(f"{path}: {key} must be true")
        elif pattern and not re.fullmatch(pattern, value, re.DOTALL):
            problems.append(f"{path}: {key} = {value!r} does not match {pattern}")
    for key, value in info.items():
        if isinstance(value, str) and re.search(r"@[A-Z_]+@|\$\{", value):
            problems.append(f"{path}: {key} = {value!r} still has a template variable")
    if version and info.get("CFBundleShortVersionString") != version:
        problems.append(f"{path}: CFBundleShortVersionString is {info.get('CFBundleShortVersionString')!r}, "
                        f"the project is {version}")
    icon = info.get("CFBundleIconFile")
    if resources and isinstance(icon, str) and not (Path(resources) / icon).is_file():
        problems.append(f"{path}: CFBundleIconFile {icon} is not in {resources}")


def check_entitlements(path, problems):
    entitlements = load(path, problems)
    if entitlements is None:
        return
    if set(entitlements) != ENTITLEMENTS:
        problems.append(f"{path}: keys are {sorted(entitlements)}, expected exactly {sorted(ENTITLEMENTS)}")
    for key, value in entitlements.items():
        if value is not True:
            problems.append(f"{path}: {key} must be true, is {value!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("info_plist")
    parser.add_argument("entitlements")
    parser.add_argument("--version")
    parser.add_argument("--resources")
    args = parser.parse_args()
    problems = []
    check_info(args.info_plist, args.version, args.resources, problems)
    check_entitlements(args.entitlements, problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"plists ok: {args.info_plist}, {args.entitlements}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
