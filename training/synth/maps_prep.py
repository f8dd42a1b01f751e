"""MAPS (../shared/data/maps-synth): split by piano AND by piece, write labels, link the audio.

Splits (a piece is in exactly one of them, through every piano it was rendered by):
  maps_test   every piece of the held-out piano (TEST_PIANO, default SptkBGCl) -- reported, never trained or tuned on
  maps_tune   TUNE_PIECES further pieces (none of the test piano's): decoder thresholds and training-time metrics
  maps_train  the rest
Writes  DATA/<split>/<id>.labels.npz   notes [N,4] onset, offset, pitch, velocity (the TSV as is); pedal [0,2]
        DATA/<split>/<id>.tsv          symlink to the shared TSV (the accuracy harness's --reference)
        AUDIO/<split>/<id>__maps-<piano>.opus   symlink to the shared Opus file (features decode it through the
                                                 library's ffmpeg path; augment.py decodes it with ffmpeg)
        DATA/maps_manifest.json                 the split, for docs and the accuracy harness
MAPS has no sustain-pedal labels: dataset.py masks the pedal loss for these files (Item.has_pedal = False).
<id> is MAPS_MUS-<piece>_<piano>, the shared file's stem.

Usage: python3 maps_prep.py DATA_DIR AUDIO_DIR [--maps DIR] [--test-piano SptkBGCl] [--tune-pieces 8]
"""
import argparse
import glob
import json
import os
import random
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MAPS = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'maps-synth'))
NAME = re.compile(r'^MAPS_MUS-(.+)_([A-Za-z0-9]+)$')


def read_tsv(path):
    rows = []
    with open(path) as fh:
        for line in fh:
            if line.startswith('#') or not line.strip():
                continue
            on, off, pitch, vel = (float(v) for v in line.split('\t')[:4])
            rows.append((on, max(off, on + 0.01), pitch, vel))
    return np.array(rows, np.float64).reshape(-1, 4)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data')
    ap.add_argument('audio')
    ap.add_argument('--maps', default=DEFAULT_MAPS)
    ap.add_argument('--test-piano', default='SptkBGCl')
    ap.add_argument('--tune-pieces', type=int, default=8)
    ap.add_argument('--seed', type=int, default=5)
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.maps, 'MAPS_MUS-*.opus')))
    if not files:
        raise SystemExit('maps_prep: no MAPS_MUS-*.opus in %s' % a.maps)
    by_piece = {}
    for f in files:
        m = NAME.match(os.path.basename(f)[:-5])
        by_piece.setdefault(m.group(1), []).append(m.group(2))
    test = sorted(p for p, pianos in by_piece.items() if a.test_piano in pianos)
    rest = sorted(p for p in by_piece if p not in test)
    random.Random(a.seed).shuffle(rest)
    tune = sorted(rest[:a.tune_pieces])
    split_of = {p: 'maps_test' for p in test}
    split_of.update({p: 'maps_tune' for p in tune})
    split_of.update({p: 'maps_train' for p in rest[a.tune_pieces:]})
    manifest = {'test_piano': a.test_piano, 'maps_train': [], 'maps_tune': [], 'maps_test': []}
    for f in files:
        stem = os.path.basename(f)[:-5]
        piece, piano = NAME.match(stem).groups()
        split = split_of[piece]
        if split == 'maps_test' and piano != a.test_piano:
            continue  # the test pieces through other pianos: neither trained on nor reported
        os.makedirs(os.path.join(a.data, split), exist_ok=True)
        os.makedirs(os.path.join(a.audio, split), exist_ok=True)
        notes = read_tsv(f[:-5] + '.tsv')
        np.savez(os.path.join(a.data, split, stem + '.labels.npz'), notes=notes, pedal=np.zeros((0, 2)))
        tsv = os.path.join(a.data, split, stem + '.tsv')  # the reference the accuracy harness reads
        if not os.path.lexists(tsv):
            os.symlink(os.path.abspath(f[:-5] + '.tsv'), tsv)
        link = os.path.join(a.audio, split, '%s__maps-%s.opus' % (stem, piano))
        if not os.path.lexists(link):
            os.symlink(os.path.abspath(f), link)
        manifest[split].append({'id': stem, 'piece': piece, 'piano': piano, 'notes': len(notes),
                                'duration': float(notes[:, 1].max()) if len(notes) else 0.0})
    with open(os.path.join(a.data, 'maps_manifest.json'), 'w') as fh:
        json.dump(manifest, fh, indent=1)
    print('maps: train %d files, tune %d (%d pieces), test %d (%s); %d test pieces through other pianos left out' % (
        len(manifest['maps_train']), len(manifest['maps_tune']), len(tune), len(manifest['maps_test']), a.test_piano,
        sum(len(by_piece[p]) - 1 for p in test)))


if __name__ == '__main__':
    main()
