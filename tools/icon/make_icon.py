"""Draws the package icon (docs/images/icon.png, 128x128; and docs/images/logo-40.png for the docs site): an octave of piano keys with a rising note trace.

Usage: /usr/bin/python3 tools/icon/make_icon.py   (needs python3-pil)
"""
import os
from PIL import Image, ImageDraw

S = 128
img = Image.new('RGBA', (S, S), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.rounded_rectangle([0, 0, S - 1, S - 1], radius=22, fill=(28, 43, 74, 255))
# Seven white keys across the lower part, five black keys on top.
left, top, bottom, w = 14, 58, 114, 100 / 7
for i in range(7):
    x0 = left + i * w
    d.rectangle([x0 + 1, top, x0 + w - 1, bottom], fill=(250, 250, 250, 255))
for i in (0, 1, 3, 4, 5):
    cx = left + (i + 1) * w
    d.rectangle([cx - 4, top, cx + 4, top + 34], fill=(20, 20, 20, 255))
# Piano-roll bars above the keys: the notes being "transcribed".
for x, y, ln in ((18, 40, 22), (44, 30, 18), (66, 20, 26), (96, 34, 16)):
    d.rounded_rectangle([x, y, x + ln, y + 7], radius=3, fill=(255, 183, 77, 255))
out = os.path.join(os.path.dirname(__file__), '..', '..', 'docs', 'images', 'icon.png')
os.makedirs(os.path.dirname(out), exist_ok=True)
img.save(out, optimize=True)
print(os.path.abspath(out))
# The documentation site's navbar logo: the same picture at 40x40.
small = os.path.join(os.path.dirname(out), 'logo-40.png')
img.resize((40, 40), Image.LANCZOS).save(small, optimize=True)
print(os.path.abspath(small))
