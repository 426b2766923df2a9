#!/usr/bin/env bash
# Regenerates the synthetic JPEG fixtures and their libjpeg reference decodes.
# Needs python3, cjpeg/djpeg (libjpeg-turbo-progs) and ImageMagick (for CMYK). The source picture is
# synthetic (gradients, edges, noise), never one of the shared photos.
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY'
import random
random.seed(7)
def write(name, w, h):
    px = bytearray()
    for y in range(h):
        for x in range(w):
            r = (x * 255) // max(1, w - 1)
            g = (y * 255) // max(1, h - 1)
            b = 255 if ((x // 9) + (y // 7)) % 2 else 40
            if (x - w // 2) ** 2 + (y - h // 2) ** 2 < (min(w, h) // 3) ** 2:
                r, g, b = 250, 220, 30
            n = random.randint(-12, 12)
            px += bytes(max(0, min(255, v + n)) for v in (r, g, b))
    open(name, 'wb').write(b'P6\n%d %d\n255\n' % (w, h) + bytes(px))
write('source.ppm', 83, 61)
write('tiny.ppm', 1, 1)
write('odd.ppm', 17, 3)
PY
enc() { out=$1; shift; cjpeg -outfile "$out" "$@"; djpeg -ppm -outfile "${out%.jpg}.ref.ppm" "$out"; }
enc baseline-444.jpg -quality 85 -sample 1x1 source.ppm
enc baseline-422.jpg -quality 85 -sample 2x1 source.ppm
enc baseline-420.jpg -quality 85 -sample 2x2 source.ppm
enc baseline-440.jpg -quality 85 -sample 1x2 source.ppm
enc baseline-411.jpg -quality 85 -sample 4x1 source.ppm
enc baseline-grey.jpg -quality 85 -grayscale source.ppm
enc baseline-rgb.jpg -quality 90 -rgb source.ppm
enc optimized-420.jpg -quality 75 -optimize -sample 2x2 source.ppm
enc progressive-420.jpg -quality 85 -progressive -sample 2x2 source.ppm
enc progressive-444.jpg -quality 95 -progressive -sample 1x1 source.ppm
enc progressive-grey.jpg -quality 85 -progressive -grayscale source.ppm
enc restart-rows-420.jpg -quality 85 -restart 1 -sample 2x2 source.ppm
enc restart-blocks-444.jpg -quality 85 -restart 3B -sample 1x1 source.ppm
enc restart-progressive-420.jpg -quality 85 -progressive -restart 2B -sample 2x2 source.ppm
enc tiny-420.jpg -quality 85 -sample 2x2 tiny.ppm
enc odd-422.jpg -quality 85 -sample 2x1 odd.ppm
enc odd-progressive-420.jpg -quality 85 -progressive -sample 2x2 odd.ppm
cjpeg -quality 85 -arithmetic -outfile arithmetic.jpg source.ppm
convert source.ppm -colorspace CMYK -quality 85 cmyk.jpg
# EXIF orientation 6 (little-endian TIFF) and 8 (big-endian); references rotated by ImageMagick -auto-orient
python3 - <<'PY'
import struct
d = open('baseline-422.jpg', 'rb').read()
def tiff(le, o):
    e = '<' if le else '>'
    return ((b'II' if le else b'MM') + struct.pack(e + 'HI', 42, 8) + struct.pack(e + 'H', 1)
            + struct.pack(e + 'HHI', 0x0112, 3, 1) + struct.pack(e + 'HH', o, 0) + struct.pack(e + 'I', 0))
for le, o, name in [(True, 6, 'exif-6-le.jpg'), (False, 8, 'exif-8-be.jpg')]:
    p = b'Exif\0\0' + tiff(le, o)
    open(name, 'wb').write(d[:2] + b'\xff\xe1' + struct.pack('>H', len(p) + 2) + p + d[2:])
PY
convert exif-6-le.jpg -auto-orient -depth 8 ppm:exif-6-le.ref.ppm
convert exif-8-be.jpg -auto-orient -depth 8 ppm:exif-8-be.ref.ppm
rm -f tiny.ppm odd.ppm
ls -l
