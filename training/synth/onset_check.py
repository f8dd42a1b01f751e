"""Check that rendered onsets sit on the labels: render isolated notes at known (odd, non-grid) times through every
piano, find the energy rise of each note (first 1-ms window whose RMS rises above the level before it by 10% of the rise to that note's peak, searched from
50 ms before the label) and report the deviation. Writes JSON to the path given (default stdout).

Usage: python3 onset_check.py [OUT.json]
"""
import json
import os
import random
import sys
import tempfile

import numpy as np
import scipy.io.wavfile as wavfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import midi_prep  # noqa: E402
import pianos  # noqa: E402


def measure(wav, notes):
    sr, x = wavfile.read(wav)
    x = x.astype(np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    w = sr // 1000
    env = np.sqrt(np.convolve(x * x, np.ones(w) / w, mode='same'))
    dev = []
    for on, _, _, _ in notes:
        a = int((on - 0.05) * sr)
        b = int((on + 0.15) * sr)
        seg = env[a:b]
        if seg.max() <= 0:
            continue
        base = np.median(env[a:a + int(0.04 * sr)])
        i = int(np.argmax(seg > base + 0.1 * (seg.max() - base)))
        dev.append((a + i) / sr - on)
    return np.array(dev)


def main():
    rng = random.Random(3)
    notes = []
    t = 0.5
    for k in range(40):
        p = rng.choice([24, 36, 45, 52, 60, 64, 69, 76, 84, 96])
        notes.append((t, t + 0.15, p, rng.choice([30, 64, 100, 127])))
        t += 1.2 + rng.random() * 0.137
    res = {}
    with tempfile.TemporaryDirectory() as td:
        base = os.path.join(td, 'iso')
        midi_prep.write_piece(base, notes, [])
        qn = np.load(base + '.labels.npz')['notes']
        for piano in pianos.TRAIN_PIANOS + [pianos.VAL_PIANO]:
            out = os.path.join(td, piano + '.wav')
            if piano == 'salamander':
                pianos.render_salamander(base + '.labels.npz', out, np.random.RandomState(0))
            else:
                pianos.render_soundfont(base + '.mid', out, piano)
            d = measure(out, qn) * 1000
            res[piano] = {'mean_ms': round(float(d.mean()), 2), 'median_ms': round(float(np.median(d)), 2),
                          'max_abs_ms': round(float(np.abs(d).max()), 2), 'n': int(len(d))}
    s = json.dumps({'method': __doc__.strip().splitlines()[0], 'results': res}, indent=1)
    if len(sys.argv) > 1:
        open(sys.argv[1], 'w').write(s)
    print(s)


if __name__ == '__main__':
    main()
