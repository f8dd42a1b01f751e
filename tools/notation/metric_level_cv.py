"""Cross-validates metrical-level choosers on `NotationEval features [--triple]` output (tuning songs only).

usage: /usr/bin/python3 tools/notation/metric_level_cv.py feat3.csv

Each song's candidates (T lines: ratio to the tracked tempo, tempo-right label, 14 MetricLevel features) are scored
by a multinomial logistic model (L2 0.01) over the candidates; a song counts when the highest-scoring candidate has
the tempo right. Prints five-fold CV (fold = song number mod 5) and the two halves (001-200 / 201-400) for the
present features, extra features, and the five-candidate chooser (with the 2/3 and 3/2 candidates, written by
--triple). See docs/notation.md, "Metrical level: what was tried and did not help (third round)".
"""
import collections
import sys

import numpy as np
from scipy.optimize import minimize


def load(path):
    songs = collections.defaultdict(dict)
    for line in open(path):
        f = line.strip().split(',')
        if f[0] != 'T':
            continue
        ratio = round(float(f[2]), 3)
        x = np.array([float(v) for v in f[6:]])
        tri = 1.0 if ratio in (0.667, 1.5) else 0.0
        # The triple-candidate term and its products with the third, half, salience, bass and on-beat shares.
        x = np.concatenate([x, [tri, tri * x[5], tri * x[3], tri * x[10], tri * x[6], tri * x[2]]])
        songs[int(f[1])][ratio] = dict(ok=int(f[3]), x=x)
    return songs


def design(songs, ids, feats, ratios):
    xs, ys = [], []
    for i in ids:
        c = songs[i]
        rs = [r for r in ratios if r in c]
        xs.append(np.array([[c[r]['x'][k] for k in feats] for r in rs]))
        ys.append(np.array([c[r]['ok'] for r in rs]))
    return xs, ys


def fit(xs, ys, lam=0.01):
    d = xs[0].shape[1]

    def loss(w):
        total, grad = 0.0, np.zeros(d)
        for x, y in zip(xs, ys):
            if y.sum() == 0:
                continue
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            right = (p * y).sum() + 1e-12
            total -= np.log(right)
            grad -= (p * y / right) @ x - p @ x
        return total + lam * w @ w, grad + 2 * lam * w

    return minimize(loss, np.zeros(d), jac=True, method='L-BFGS-B').x


def right(xs, ys, w):
    return sum(y[np.argmax(x @ w)] for x, y in zip(xs, ys))


def main():
    songs = load(sys.argv[1])
    ids = sorted(songs)
    r3, r5 = [0.5, 1.0, 2.0], [0.5, 1.0, 2.0, 0.667, 1.5]
    present = [0, 1, 7, 8, 12]
    halves = [[i for i in ids if i <= 200], [i for i in ids if i > 200]]
    print('songs', len(ids), 'a candidate right of 3:', sum(any(songs[i][r]['ok'] for r in r3) for i in ids),
          'of 5:', sum(any(songs[i][r]['ok'] for r in r5 if r in songs[i]) for i in ids))
    for name, feats, ratios in [('present five', present, r3), ('all 14', list(range(14)), r3),
                                ('+ surface (14-17, if written)', present + [14, 15, 16, 17], r3),
                                ('five candidates', present + [-6, -5, -4, -3], r5)]:
        feats = [f if f >= 0 else len(songs[ids[0]][1.0]['x']) + f for f in feats]
        if max(feats) >= len(songs[ids[0]][1.0]['x']) - 6 and ratios is r3 and 14 in feats and len(songs[ids[0]][1.0]['x']) < 24:
            continue
        cv = sum(right(*design(songs, [i for i in ids if i % 5 == k], feats, ratios),
                       fit(*design(songs, [i for i in ids if i % 5 != k], feats, ratios))) for k in range(5))
        h = [right(*design(songs, halves[1 - a], feats, ratios), fit(*design(songs, halves[a], feats, ratios))) for a in (0, 1)]
        print(f'{name}: 5-fold {cv}/{len(ids)}; 201-400 {h[0]}, 001-200 {h[1]}')


if __name__ == '__main__':
    main()
