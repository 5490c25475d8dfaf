#!/usr/bin/env python3
"""Packs an Apple .iconset folder into an .icns file, or checks an .icns file.

    icns.py pack  OUT.icns  DIR.iconset
    icns.py check FILE.icns

On a Mac, make-icns.sh uses Apple's iconutil instead; this exists so the icon can be made and
checked on Linux too (CI has no iconutil). It writes what iconutil writes for an iconset: one PNG
per size, each under the OSType macOS 10.8+ reads for that pixel size and scale. Standard
library only.
"""
import struct
import sys
from pathlib import Path

# OSType -> (iconset file name, pixel size). Order as iconutil writes them, small to large.
TYPES = [
    (b"icp4", "icon_16x16.png", 16),
    (b"ic11", "icon_16x16@2x.png", 32),
    (b"icp5", "icon_32x32.png", 32),
    (b"ic12", "icon_32x32@2x.png", 64),
    (b"ic07", "icon_128x128.png", 128),
    (b"ic13", "icon_128x128@2x.png", 256),
    (b"ic08", "icon_256x256.png", 256),
    (b"ic14", "icon_256x256@2x.png", 512),
    (b"ic09", "icon_512x512.png", 512),
    (b"ic10", "icon_512x512@2x.png", 1024),
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data):
    """(width, height) of a PNG, or None when data is not one."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def pack(out, iconset):
    chunks = []
    for ostype, name, size in TYPES:
        data = (Path(iconset) / name).read_bytes()
        if png_size(data) != (size, size):
            sys.exit(f"icns.py: {name} must be a {size}x{size} PNG")
        chunks.append(ostype + struct.pack(">I", 8 + len(data)) + data)
    body = b"".join(chunks)
    Path(out).write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def entries(data):
    """Yields (ostype, payload) of each element; raises ValueError on a malformed file."""
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise ValueError("not an icns file, or its length field is wrong")
    offset = 8
    while offset < len(data):
        ostype, length = struct.unpack(">4sI", data[offset:offset + 8])
        if length < 8 or offset + length > len(data):
            raise ValueError(f"element {ostype!r} at {offset} overruns the file")
        yield ostype, data[offset + 8:offset + length]
        offset += length


# What check() accepts for the 1x 16 and 32 px sizes: iconutil's output has varied between macOS
# releases (PNG, ARGB or the legacy RGB+mask types), and macOS reads them all.
SMALL_ALTERNATIVES = {b"icp4": (b"ic04", b"is32"), b"icp5": (b"ic05", b"il32")}


def check(path):
    """Returns a list of problems; empty when every size macOS asks for is there."""
    try:
        found = dict(entries(Path(path).read_bytes()))
    except (OSError, ValueError, struct.error) as error:
        return [f"{path}: {error}"]
    problems = []
    for ostype, name, size in TYPES:
        accepted = (ostype,) + SMALL_ALTERNATIVES.get(ostype, ())
        present = [t for t in accepted if t in found]
        if not present:
            problems.append(f"{path}: no {ostype.decode()} element ({name})")
        elif png_size(found[present[0]]) not in (None, (size, size)):
            problems.append(f"{path}: {present[0].decode()} is {png_size(found[present[0]])}, expected {size}x{size}")
    return problems


def main(argv):
    if len(argv) == 4 and argv[1] == "pack":
        pack(argv[2], argv[3])
        return 0
    if len(argv) == 3 and argv[1] == "check":
        problems = check(argv[2])
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
