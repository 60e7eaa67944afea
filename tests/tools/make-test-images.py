#!/usr/bin/env python3
"""make-test-images.py [DIR] - writes the image fixtures of tests/image-tests.sh into DIR
(default tests/fixtures/images) and DIR/expected.json, which says for each file its
display size in pixels and the colour each quadrant must show on a white page.

Every picture is the same pattern, so a test can read it back from the rendered PDF:
four quadrants, red top-left, green top-right, blue bottom-left, white bottom-right
(gray files: levels 0, 85, 170, 255; 1-bit: black, white, white, black), 96 x 64 pixels
as displayed. Files with alpha make some quadrant half or fully transparent, so a lost
soft mask shows; 16-bit files use 0xFF00 for "full", so swapped bytes show.

PNG (every bit depth, colour type, tRNS, Adam7), the GIF and the SVG are written here
with the standard library. The CMYK and YCCK JPEGs are written by a small baseline encoder
here (flat 8x8 blocks need only DC coefficients), as no Debian tool writes CMYK JPEG without
ImageMagick. The other JPEGs come from libjpeg-turbo's cjpeg (Debian libjpeg-turbo-progs)
and the WebP from cwebp (Debian webp): real encoders, chroma subsampling included. The
files are committed; rerun this only to change them (same tools, same bytes)."""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

W, H = 96, 64
RED, GREEN, BLUE, WHITE, BLACK = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)
QUAD_RGB = [RED, GREEN, BLUE, WHITE]
QUAD_GRAY = [0, 85, 170, 255]


def quadrant(x, y, w=W, h=H):
    """0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right."""
    return (y >= h // 2) * 2 + (x >= w // 2)


def grid(values, w=W, h=H):
    """Rows of pixels: values[quadrant] at each."""
    return [[values[quadrant(x, y, w, h)] for x in range(w)] for y in range(h)]


def gray3(v):
    return (v, v, v)


def blend(c, a):
    """Colour c at alpha a (0-255) over white, as the page shows it."""
    return tuple(round(a / 255 * v + (1 - a / 255) * 255) for v in c)


# ---- PNG ----

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pack_row(samples, depth):
    """Packs a row of integer samples (channels already flattened) at depth bits."""
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    out, acc, bits = bytearray(), 0, 0
    for s in samples:
        acc = acc << depth | s
        bits += depth
        if bits == 8:
            out.append(acc)
            acc = bits = 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(rows, depth, ctype, palette=None, trns=None, interlace=False):
    """rows: lists of pixels, each an int (gray, index) or a tuple of channels."""
    h, w = len(rows), len(rows[0])
    flat = lambda px: list(px) if isinstance(px, tuple) else [px]
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        for y in range(y0, h, dy):
            xs = range(x0, w, dx)
            if not xs:
                continue
            raw += b"\0" + pack_row([s for x in xs for s in flat(rows[y][x])], depth)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, int(interlace)))
    if palette:
        data += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    if trns is not None:
        data += chunk(b"tRNS", trns)
    return data + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def png_files():
    full = 0xFF00  # 16-bit "full": 254 in 8 bits, 0 if its bytes were swapped
    rgb16 = [(full, 0, 0), (0, full, 0), (0, 0, full), (full, full, full)]
    files = {
        "png-rgb8.png": (png(grid(QUAD_RGB), 8, 2), QUAD_RGB),
        "png-rgb16.png": (png(grid(rgb16), 16, 2), [(254, 0, 0), (0, 254, 0), (0, 0, 254), (254, 254, 254)]),
        "png-gray1.png": (png(grid([0, 1, 1, 0]), 1, 0), [BLACK, WHITE, WHITE, BLACK]),
        "png-gray2.png": (png(grid([0, 1, 2, 3]), 2, 0), [gray3(v) for v in QUAD_GRAY]),
        "png-gray4.png": (png(grid([0, 5, 10, 15]), 4, 0), [gray3(v) for v in QUAD_GRAY]),
        "png-gray8.png": (png(grid(QUAD_GRAY), 8, 0), [gray3(v) for v in QUAD_GRAY]),
        "png-gray16.png": (png(grid([v * 256 for v in QUAD_GRAY[:3]] + [full]), 16, 0),
                           [gray3(round(v * 256 / 257)) for v in QUAD_GRAY[:3]] + [gray3(254)]),
        "png-gray-alpha8.png": (png(grid([(0, 255), (85, 255), (170, 128), (0, 0)]), 8, 4),
                                [BLACK, gray3(85), blend(gray3(170), 128), WHITE]),
        "png-gray-trns8.png": (png(grid(QUAD_GRAY[:3] + [7]), 8, 0, trns=struct.pack(">H", 7)),
                               [gray3(v) for v in QUAD_GRAY[:3]] + [WHITE]),
        "png-rgba8.png": (png(grid([RED + (255,), GREEN + (255,), BLUE + (128,), BLACK + (0,)]), 8, 6),
                          [RED, GREEN, blend(BLUE, 128), WHITE]),
        "png-rgba16.png": (png(grid([(full, 0, 0, 0xFFFF), (0, full, 0, 0x8080), (0, 0, full, 0xFFFF), (0, 0, 0, 0)]), 16, 6),
                           [(254, 0, 0), blend((0, 254, 0), 128), (0, 0, 254), WHITE]),
        "png-palette8-trns.png": (png(grid([0, 1, 2, 3]), 8, 3, palette=[RED, GREEN, BLUE, BLACK], trns=bytes([255, 255, 128, 0])),
                                  [RED, GREEN, blend(BLUE, 128), WHITE]),
        "png-palette4.png": (png(grid([0, 1, 2, 3]), 4, 3, palette=QUAD_RGB), QUAD_RGB),
        "png-palette1.png": (png(grid([0, 1, 1, 0]), 1, 3, palette=[BLUE, WHITE]), [BLUE, WHITE, WHITE, BLUE]),
        "png-interlaced-rgb8.png": (png(grid(QUAD_RGB), 8, 2, interlace=True), QUAD_RGB),
        "png-interlaced-gray-alpha16.png": (png(grid([(0, 0xFFFF), (0x5555, 0xFFFF), (0xAAAA, 0xFFFF), (0, 0)]), 16, 4, interlace=True),
                                            [BLACK, gray3(85), gray3(170), WHITE]),
        "png-named.jpg": (png(grid(QUAD_RGB), 8, 2), QUAD_RGB),  # a PNG named .jpg
    }
    return files


# ---- JPEG ----

def ppm(rows):
    h, w = len(rows), len(rows[0])
    if isinstance(rows[0][0], int):
        return b"P5\n%d %d\n255\n" % (w, h) + bytes(v for r in rows for v in r)
    return b"P6\n%d %d\n255\n" % (w, h) + bytes(c for r in rows for px in r for c in px)


def cjpeg(rows, *args):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.pnm")
        with open(src, "wb") as f:
            f.write(ppm(rows))
        return subprocess.run(["cjpeg", "-quality", "95", *args, src], check=True, capture_output=True).stdout


def stored(orientation):
    """The pixels to store so that EXIF orientation o displays the pattern upright."""
    turned = orientation >= 5
    ws, hs = (H, W) if turned else (W, H)
    where = {1: lambda c, r: (c, r), 2: lambda c, r: (ws - 1 - c, r), 3: lambda c, r: (ws - 1 - c, hs - 1 - r),
             4: lambda c, r: (c, hs - 1 - r), 5: lambda c, r: (r, c), 6: lambda c, r: (hs - 1 - r, c),
             7: lambda c, r: (hs - 1 - r, ws - 1 - c), 8: lambda c, r: (r, ws - 1 - c)}[orientation]
    display = grid(QUAD_RGB)
    rows = []
    for r in range(hs):
        row = []
        for c in range(ws):
            x, y = where(c, r)
            row.append(display[y][x])
        rows.append(row)
    return rows


def with_exif(jpeg, orientation, little):
    """Inserts an APP1 Exif segment with IFD0's orientation after the JFIF segment."""
    e = "<" if little else ">"
    tiff = (b"II*\0" if little else b"MM\0*") + struct.pack(e + "I", 8) + struct.pack(e + "H", 1)
    tiff += struct.pack(e + "HHI", 0x0112, 3, 1) + struct.pack(e + "HH", orientation, 0) + struct.pack(e + "I", 0)
    payload = b"Exif\0\0" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    at = 2
    if jpeg[2:4] == b"\xff\xe0":
        at = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:at] + app1 + jpeg[at:]


def huffman(bits, vals):
    table, code, k = {}, 0, 0
    for length, count in enumerate(bits, 1):
        for _ in range(count):
            table[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return table


DC_BITS, DC_VALS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12))  # JPEG Annex K.3
AC_BITS, AC_VALS = [1] + [0] * 15, [0x00]  # one symbol: end of block


def cmyk_jpeg(rows, adobe, transform=0):
    """A baseline 4-component JPEG of flat 8x8 blocks (rows of 4-tuples, as stored: CMYK,
    or YCCK with Adobe's transform 2)."""
    h, w = len(rows), len(rows[0])
    seg = lambda m, p: b"\xff" + bytes([m]) + struct.pack(">H", len(p) + 2) + p
    out = b"\xff\xd8"
    if adobe:  # version 100, no flags, transform 0 (CMYK as is) or 2 (YCCK)
        out += seg(0xEE, b"Adobe" + struct.pack(">HHHB", 100, 0, 0, transform))
    out += seg(0xDB, b"\0" + bytes([1] * 64))
    out += seg(0xC0, struct.pack(">BHHB", 8, h, w, 4) + b"".join(bytes([i, 0x11, 0]) for i in range(1, 5)))
    out += seg(0xC4, b"\x00" + bytes(DC_BITS) + bytes(DC_VALS) + b"\x10" + bytes(AC_BITS) + bytes(AC_VALS))
    out += seg(0xDA, b"\x04" + b"".join(bytes([i, 0x00]) for i in range(1, 5)) + b"\x00\x3f\x00")
    dc, ac = huffman(DC_BITS, DC_VALS), huffman(AC_BITS, AC_VALS)
    acc, nbits, data, pred = 0, 0, bytearray(), [0] * 4

    def put(code, length):
        nonlocal acc, nbits
        acc, nbits = acc << length | code, nbits + length
        while nbits >= 8:
            byte = acc >> (nbits - 8) & 255
            data.append(byte)
            if byte == 255:
                data.append(0)  # byte stuffing
            nbits -= 8
            acc &= (1 << nbits) - 1

    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            for comp in range(4):
                value = 8 * (rows[by][bx][comp] - 128)  # the DC of a flat block, quantised by 1
                diff, pred[comp] = value - pred[comp], value
                size = abs(diff).bit_length()
                put(*dc[size])
                if size:
                    put(diff if diff > 0 else diff + (1 << size) - 1, size)
                put(*ac[0x00])
    if nbits:
        put((1 << (8 - nbits)) - 1, 8 - nbits)
    return out + bytes(data) + b"\xff\xd9"


def ycck(stored):
    """Adobe's YCCK of a pixel of stored (inverted) CMYK: 255 - C, M, Y taken as R, G, B
    into YCbCr (JFIF's equations), K kept."""
    r, g, b = (255 - v for v in stored[:3])
    ycc = (0.299 * r + 0.587 * g + 0.114 * b, 128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
           128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
    return tuple(min(255, max(0, round(v))) for v in ycc) + (stored[3],)


def jpeg_files():
    cmyk = {RED: (0, 255, 255, 0), GREEN: (255, 0, 255, 0), BLUE: (255, 255, 0, 0), WHITE: (0, 0, 0, 0)}
    plain = grid([cmyk[c] for c in QUAD_RGB])
    inverted = grid([tuple(255 - v for v in cmyk[c]) for c in QUAD_RGB])
    files = {
        "jpeg-baseline.jpg": (cjpeg(grid(QUAD_RGB)), QUAD_RGB),
        "jpeg-progressive.jpg": (cjpeg(grid(QUAD_RGB), "-progressive"), QUAD_RGB),
        "jpeg-gray.jpg": (cjpeg(grid(QUAD_GRAY)), [gray3(v) for v in QUAD_GRAY]),
        "jpeg-cmyk-adobe.jpg": (cmyk_jpeg(inverted, True), QUAD_RGB),  # Adobe: stored inverted
        "jpeg-cmyk-plain.jpg": (cmyk_jpeg(plain, False), QUAD_RGB),
        "jpeg-ycck-adobe.jpg": (cmyk_jpeg([[ycck(px) for px in row] for row in inverted], True, 2), QUAD_RGB),
    }
    for o in range(2, 9):
        files[f"jpeg-exif{o}.jpg"] = (with_exif(cjpeg(stored(o)), o, little=o % 2 == 1), QUAD_RGB)
    return files


# ---- GIF, SVG, WebP ----

def lzw(indices, min_size):
    clear, end = 1 << min_size, (1 << min_size) + 1
    table = {(i,): i for i in range(clear)}
    size, nxt, acc, nbits, out, w = min_size + 1, end + 1, 0, 0, bytearray(), ()

    def emit(code):
        nonlocal acc, nbits
        acc |= code << nbits
        nbits += size
        while nbits >= 8:
            out.append(acc & 255)
            acc >>= 8
            nbits -= 8

    emit(clear)
    for k in indices:
        if w + (k,) in table:
            w += (k,)
            continue
        emit(table[w])
        if nxt < 4096:
            table[w + (k,)] = nxt
            nxt += 1
            if nxt > (1 << size) and size < 12:
                size += 1
        else:
            emit(clear)
            table = {(i,): i for i in range(clear)}
            size, nxt = min_size + 1, end + 1
        w = (k,)
    emit(table[w])
    emit(end)
    if nbits:
        out.append(acc & 255)
    return bytes(out)


def gif():
    data = lzw([i for row in grid([0, 1, 2, 3]) for i in row], 2)
    blocks = b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, len(data), 255))
    return (b"GIF89a" + struct.pack("<HHBBB", W, H, 0xF1, 0, 0) + b"".join(bytes(c) for c in QUAD_RGB)
            + b"\x2c" + struct.pack("<HHHHB", 0, 0, W, H, 0) + b"\x02" + blocks + b"\x00\x3b")


def svg():
    rects = "".join(f'  <rect x="{x}" y="{y}" width="{W // 2}" height="{H // 2}" fill="{c}"/>\n'
                    for (x, y), c in zip([(0, 0), (W // 2, 0), (0, H // 2), (W // 2, H // 2)],
                                         ["#ff0000", "#00ff00", "#0000ff", "#ffffff"]))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- the quadrant pattern -->\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">\n'
            f'{rects}</svg>\n').encode()


def webp():
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.ppm"), os.path.join(tmp, "out.webp")
        with open(src, "wb") as f:
            f.write(ppm(grid(QUAD_RGB)))
        subprocess.run(["cwebp", "-quiet", "-lossless", "-metadata", "none", src, "-o", dst], check=True)
        with open(dst, "rb") as f:
            return f.read()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fixtures", "images")
    for tool, pkg in (("cjpeg", "libjpeg-turbo-progs"), ("cwebp", "webp")):
        if not shutil.which(tool):
            sys.exit(f"make-test-images.py: {tool} is missing (apt-get install {pkg})")
    os.makedirs(out, exist_ok=True)
    files = {**png_files(), **jpeg_files(), "pattern.svg": (svg(), QUAD_RGB)}
    expected = {}
    for name, (data, quads) in sorted(files.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        expected[name] = {"width": W, "height": H, "quadrants": [list(q) for q in quads]}
    for name, data in (("pattern.gif", gif()), ("pattern.webp", webp())):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(files) + 2} images in {out}")


if __name__ == "__main__":
    main()
