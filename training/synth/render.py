"""Render every prepared piece: train pieces with 2 random TRAINING pianos each, val pieces with the held-out
VALIDATION piano only. Skips files already rendered (resumable).

Usage: python3 render.py DATA_DIR AUDIO_DIR [--per-piece 2]
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pianos  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data')
    ap.add_argument('audio')
    ap.add_argument('--per-piece', type=int, default=2)
    ap.add_argument('--seed', type=int, default=7)
    a = ap.parse_args()
    man = json.load(open(os.path.join(a.data, 'manifest.json')))
    rng = random.Random(a.seed)
    jobs = []
    for e in man['train']:
        for p in rng.sample(pianos.TRAIN_PIANOS, a.per_piece):
            jobs.append(('train', e['id'], p, rng.random() < 0.3, rng.uniform(0.3, 0.7), rng.random()))
    for e in man['val']:
        jobs.append(('val', e['id'], pianos.VAL_PIANO, False, 0.5, 0.0))
    done = 0
    for split, pid, piano, reverb, gain, seed in jobs:
        os.makedirs(os.path.join(a.audio, split), exist_ok=True)
        out = os.path.join(a.audio, split, '%s__%s.wav' % (pid, piano))
        if os.path.exists(out):
            continue
        base = os.path.join(a.data, split, pid)
        if piano == 'salamander':
            import numpy as np
            pianos.render_salamander(base + '.labels.npz', out, np.random.RandomState(int(seed * 1e6)))
        else:
            pianos.render_soundfont(base + '.mid', out, piano, reverb=reverb, gain=gain)
        done += 1
        if done % 50 == 0:
            print('rendered', done, flush=True)
    print('render: %d new files, %d jobs' % (done, len(jobs)))


if __name__ == '__main__':
    main()
