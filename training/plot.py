"""Loss curves as PNG without matplotlib (numpy + zlib). Log-scale y.
Colours: black = train total loss; red = val onset BCE; blue = val frame BCE; green = val offset BCE;
orange = val velocity BCE (masked); purple = val pedal BCE (sum of 3). Grey vertical lines every 1000 steps;
horizontal grid lines at decades (1, 0.1, 0.01)."""
import json
import struct
import zlib

import numpy as np

COLOURS = {'train_total': (0, 0, 0), 'onset': (220, 30, 30), 'frame': (30, 60, 220), 'offset': (30, 160, 60),
           'velocity': (240, 150, 0), 'pedal': (150, 50, 180)}


def write_png(path, img):
    h, w, _ = img.shape
    raw = b''.join(b'\x00' + img[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(tag, data):
        c = struct.pack('>I', len(data)) + tag + data
        return c + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)

    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
    png += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(png)


def curves(log_path, png_path, w=800, h=450):
    """Loss curves (and validation note F1 when logged) as a PNG; matplotlib when installed, else a plain raster."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return _raster_curves(log_path, png_path, w, h)
    recs = [json.loads(l) for l in open(log_path) if l.strip()]
    if not recs:
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    steps = [r['step'] for r in recs]
    ax1.semilogy(steps, [r['train']['total'] for r in recs], 'k-', label='train total')
    for k in ('onset', 'frame', 'offset', 'velocity', 'pedal'):
        ax1.semilogy(steps, [r['val'][k] for r in recs], color=np.array(COLOURS[k]) / 255.0, label='val ' + k)
    ax1.set_xlabel('step')
    ax1.set_ylabel('loss (BCE)')
    ax1.set_title('losses (validation crops: maps_tune split + MuseScore_General)')
    ax1.grid(True, which='both', alpha=0.3)
    ax1.legend(fontsize=8)
    any_metrics = False
    for key, label, style in (('maps_tune_metrics', 'MAPS tune split', '-'), ('val_metrics', 'MuseScore_General', '--')):
        vm = [r for r in recs if key in r]
        if not vm:
            continue
        any_metrics = True
        s2 = [r['step'] for r in vm]
        ax2.plot(s2, [r[key]['note_f1'] for r in vm], 'r.' + style, label='%s note F1 (onset 50 ms)' % label)
        ax2.plot(s2, [r[key]['note_offset_f1'] for r in vm], 'b.' + style, label='%s note+offset F1' % label)
    if any_metrics:
        ax2.set_ylim(0, 1)
        ax2.set_xlabel('step')
        ax2.set_ylabel('F1')
        ax2.set_title('clean pieces never trained on (simple decoder)')
        ax2.grid(True, alpha=0.3)
        ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png_path + '.tmp.png', dpi=90)
    plt.close(fig)
    import os
    os.replace(png_path + '.tmp.png', png_path)


def _raster_curves(log_path, png_path, w=800, h=450):
    recs = [json.loads(l) for l in open(log_path) if l.strip()]
    if not recs:
        return
    series = {'train_total': [(r['step'], r['train']['total']) for r in recs]}
    for k in ('onset', 'frame', 'offset', 'velocity', 'pedal'):
        series[k] = [(r['step'], r['val'][k]) for r in recs]
    img = np.full((h, w, 3), 255, np.uint8)
    max_step = max(r['step'] for r in recs)
    ylo, yhi = -3.0, 1.0  # log10 range

    def xy(s, v):
        x = int(40 + (w - 60) * s / max(max_step, 1))
        y = int(20 + (h - 40) * (yhi - np.log10(max(v, 1e-3))) / (yhi - ylo))
        return x, min(max(y, 0), h - 1)

    for d in range(-3, 2):
        _, y = xy(0, 10.0 ** d)
        img[y, 40:w - 20] = (200, 200, 200)
    for s in range(0, max_step + 1, 1000):
        x, _ = xy(s, 1)
        img[20:h - 20, x] = (220, 220, 220)
    img[20:h - 20, 40] = 0
    img[h - 20, 40:w - 20] = 0
    for k, pts in series.items():
        c = COLOURS[k]
        for (s0, v0), (s1, v1) in zip(pts[:-1], pts[1:]):
            x0, y0 = xy(s0, v0)
            x1, y1 = xy(s1, v1)
            n = max(abs(x1 - x0), abs(y1 - y0), 1)
            for t in np.linspace(0, 1, n + 1):
                x, y = int(round(x0 + (x1 - x0) * t)), int(round(y0 + (y1 - y0) * t))
                img[max(0, y - 1):y + 1, max(0, x - 1):x + 1] = c
    write_png(png_path, img)
