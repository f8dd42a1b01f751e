"""Features + labels. Labels are built on the fly for each crop from the note list (exact, cheap).

Label conventions (50 fps, frame t centred at t/50 s):
  frame    1 while the note sounds, note end EXTENDED while the sustain pedal is held
  onset    Kong-style regression: 1 - |t/50 - onset| * 50 / J  (J=5 frames), max over notes, >= 0
  offset   same around the (pedal-extended) offset
  velocity velocity/127 on the note's frames and its onset neighbourhood; loss masked to (onset>0.5 or frame)
  pedal    frame / onset / offset of the sustain pedal (CC64 >= 64), same regression form
Per-render timing: soundfont renders sound ~5 ms late (training/runs/onset_check.json), their label times are
shifted by SOUNDFONT_LATENCY; augmented files scale times by their time_scale (detuning by resampling).
MAPS files (piano 'maps-*', synth/maps_prep.py) have no sustain-pedal labels: Item.has_pedal is False, batch()
returns a 0 in its pedal mask for them and train.py's pedal loss ignores them; their note offsets are the TSV's.
Sampling (batch): a group (MAPS / rendered) is drawn with GROUP_WEIGHTS, then a file in proportion to its length.
"""
import glob
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'synth'))
import pianos  # noqa: E402

FPS = 50.0
J = 5
SOUNDFONT_LATENCY = 0.005
GROUP_WEIGHTS = {'maps': 0.65, 'rendered': 0.35}


class Item:
    def __init__(self, feat_path, data_dir):
        name = os.path.basename(feat_path)[:-4]
        parts = name.split('__')
        self.name = name
        self.pid, self.piano = parts[0], parts[1]
        self.aug = len(parts) > 2
        self.has_pedal = not self.piano.startswith('maps-')
        self.group = 'rendered' if self.has_pedal else 'maps'
        split = os.path.basename(os.path.dirname(feat_path))
        self.split = split
        z = np.load(os.path.join(data_dir, split, self.pid + '.labels.npz'))
        notes, pedal = z['notes'].copy(), z['pedal'].copy()
        if len(notes):
            notes[:, 1] = pianos.pedal_extended_offsets(notes, pedal)
        shift = SOUNDFONT_LATENCY if self.piano in pianos.SOUNDFONTS else 0.0
        scale = 1.0
        if self.aug:
            audio_json = feat_path.replace('/features/', '/audio/')[:-4] + '.json'
            if os.path.exists(audio_json):
                scale = json.load(open(audio_json))['time_scale']
        notes[:, :2] = (notes[:, :2] + shift) * scale
        pedal[:, :2] = (pedal[:, :2] + shift) * scale
        self.notes, self.pedal = notes, pedal
        self.spec = np.load(feat_path, mmap_mode=None).astype(np.float16)
        self.n = len(self.spec)


def _reg(target, t0, times, cols=None):
    """Add Kong regression peaks for event times (seconds) into target [L, ...] starting at frame t0."""
    L = target.shape[0]
    for k, tm in enumerate(times):
        c = tm * FPS - t0
        lo, hi = int(np.ceil(c - J)), int(np.floor(c + J))
        lo, hi = max(lo, 0), min(hi, L - 1)
        if lo > hi:
            continue
        fr = np.arange(lo, hi + 1)
        v = 1 - np.abs(fr - c) / J
        if cols is None:
            target[lo:hi + 1] = np.maximum(target[lo:hi + 1], v)
        else:
            target[lo:hi + 1, cols[k]] = np.maximum(target[lo:hi + 1, cols[k]], v)


def labels(item, t0, L):
    onset = np.zeros((L, 88), np.float32)
    offset = np.zeros((L, 88), np.float32)
    frame = np.zeros((L, 88), np.float32)
    vel = np.zeros((L, 88), np.float32)
    ped = np.zeros((L, 3), np.float32)
    t_lo, t_hi = (t0 - J - 1) / FPS, (t0 + L + J + 1) / FPS
    n = item.notes
    if len(n):
        m = (n[:, 1] >= t_lo) & (n[:, 0] <= t_hi)
        for on, off, p, v in n[m]:
            col = int(p) - 21
            a = max(0, int(np.ceil(on * FPS - t0)))
            b = min(L, int(np.ceil(off * FPS - t0)))
            ao = max(0, int(round(on * FPS)) - t0)  # the frame nearest the onset is always on
            if ao < L:
                frame[ao, col] = 1
            if b > a:
                frame[a:b, col] = 1
            va, vb = max(0, int(np.floor(on * FPS - t0 - J))), min(L, max(b, int(np.ceil(on * FPS - t0 + J)) + 1))
            if vb > va:
                vel[va:vb, col] = v / 127.0
        sel = n[m]
        cols = (sel[:, 2] - 21).astype(int)
        _reg(onset, t0, sel[:, 0], cols)
        _reg(offset, t0, sel[:, 1], cols)
    pd = item.pedal
    for d, u in pd:
        a = max(0, int(np.ceil(d * FPS - t0)))
        b = min(L, int(np.ceil(u * FPS - t0)))
        if b > a:
            ped[a:b, 1] = 1
    if len(pd):
        _reg(ped[:, 0], t0, pd[:, 0])
        _reg(ped[:, 2], t0, pd[:, 1])
    return onset, offset, frame, vel, ped


def load_items(feat_dir, data_dir, *splits):
    items = []
    for split in splits:
        for f in sorted(glob.glob(os.path.join(feat_dir, split, '*.npy'))):
            items.append(Item(f, data_dir))
    return items


class Sampler:
    """Draws a group with GROUP_WEIGHTS (renormalised over the groups present), then a file by its length."""

    def __init__(self, items):
        self.groups = {}
        for it in items:
            self.groups.setdefault(it.group, []).append(it)
        names = sorted(self.groups)
        w = np.array([GROUP_WEIGHTS[g] for g in names], np.float64)
        self.names, self.gw = names, w / w.sum()
        self.fw = {g: np.array([i.n for i in self.groups[g]], np.float64) / sum(i.n for i in self.groups[g])
                   for g in names}

    def draw(self, rng):
        g = self.names[rng.choice(len(self.names), p=self.gw)]
        return self.groups[g][rng.choice(len(self.groups[g]), p=self.fw[g])]


def batch(items, rng, bsz, L, sampler=None):
    """(specs [B,L,F], [onset, offset, frame, velocity, pedal], pedal_mask [B]). Without a sampler, files are
    drawn uniformly (the fixed validation batches)."""
    specs, ys, pmask = [], [], []
    for _ in range(bsz):
        it = sampler.draw(rng) if sampler is not None else items[rng.randint(len(items))]
        pmask.append(1.0 if it.has_pedal else 0.0)
        t0 = rng.randint(0, max(1, it.n - L))
        s = np.zeros((L, it.spec.shape[1]), np.float32)
        seg = it.spec[t0:t0 + L]
        s[:len(seg)] = seg
        specs.append(s)
        ys.append(labels(it, t0, L))
    return np.stack(specs), [np.stack([y[k] for y in ys]) for k in range(5)], np.array(pmask, np.float32)
