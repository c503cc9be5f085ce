#!/usr/bin/env python3
"""Writes a Windows .ico holding the given PNGs as they are (Vista and later read PNG entries).

Usage: make-ico.py OUT.ico IN-48.png IN-128.png IN-256.png
Each PNG must be square, at most 256 pixels; the size comes from its IHDR chunk.
"""
import struct
import sys


def png_size(data, name):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        sys.exit(f"make-ico: {name} is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    if width != height or not 0 < width <= 256:
        sys.exit(f"make-ico: {name} is {width}x{height}; an icon entry is square, at most 256")
    return width


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, names = sys.argv[1], sys.argv[2:]
    images = []
    for name in names:
        with open(name, "rb") as f:
            data = f.read()
        images.append((png_size(data, name), data))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        byte = 0 if size == 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", byte, byte, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    with open(out, "wb") as f:
        f.write(header + entries + blobs)


main()
