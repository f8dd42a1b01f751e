"""Combine two trained clip models (train.py --keep-state) into one ONNX model: each head's probabilities are a
weighted mean of the two models' (weight of the first model per head: --piano-weight, --instrument-weight; 1 = the
first model only, 0 = the second only). The weights are chosen on the DEV split (printed for each weight in
--grid); the held-out split is not read.

--calibrate adds per-instrument thresholds fitted on the dev split (see Calibrated).

Usage: /usr/bin/python3 combine.py DATA_DIR --cli CLI.dll --first A.onnx.pt:ARCH --second B.onnx.pt:ARCH
         [--piano-weight W] [--instrument-weight W] [--grid] [--calibrate] [--out MODEL.onnx] [--figures FILE.json]
  ARCH: pooled[/HIDDEN], pooled-env[/HIDDEN], pooled-env2[/HIDDEN], cnn, cnn-small (as given to train.py).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train  # noqa: E402


def build(spec, instruments):
    path, arch = spec.rsplit(':', 1)
    name, _, hidden = arch.partition('/')
    model = train.make_model(name, instruments, int(hidden or 256))
    model.load_state_dict(torch.load(path))
    model.eval()
    return model


class Combined(nn.Module):
    def __init__(self, first, second, piano_weight, instrument_weight):
        super().__init__()
        self.first, self.second = first, second
        self.wp, self.wi = piano_weight, instrument_weight

    def forward(self, x):
        p1, i1 = self.first(x)
        p2, i2 = self.second(x)
        return self.wp * p1 + (1 - self.wp) * p2, self.wi * i1 + (1 - self.wi) * i2


class Calibrated(nn.Module):
    """A clip model whose instrument probabilities are shifted per instrument so that the threshold chosen on the dev
    split reads as 0.5 (what the library compares with): p' = sigmoid(logit(p) - logit(t)). Monotone per instrument,
    so each instrument's ranking is unchanged; the piano head is passed through."""

    def __init__(self, model, thresholds):
        super().__init__()
        self.model = model
        t = torch.tensor(thresholds, dtype=torch.float32)
        self.register_buffer('shift', torch.log(t) - torch.log1p(-t))

    def forward(self, x):
        p, i = self.model(x)
        i = torch.clamp(i, 1e-6, 1 - 1e-6)
        return p, torch.sigmoid(torch.log(i) - torch.log1p(-i) - self.shift)


THRESHOLDS = [round(0.1 + 0.05 * k, 2) for k in range(17)]  # 0.10 ... 0.90


def segment_arrays(model, items, instruments):
    """The dev segments' item index, probabilities, truth and solo instrument (train.evaluate's 3 s segments)."""
    seg = []
    train.evaluate(model, items, instruments, segments=seg)
    return (np.array([s[0] for s in seg]), np.stack([s[1] for s in seg]), np.stack([s[2] for s in seg]),
            np.array([s[3] for s in seg]))


def fit_thresholds(prob, truth):
    """Per instrument, the threshold of THRESHOLDS with the best F on these segments (ties: the one nearest 0.5;
    an instrument without a positive segment keeps 0.5)."""
    out = []
    for c in range(prob.shape[1]):
        y = truth[:, c] > 0
        if not y.any():
            out.append(0.5)
            continue
        best = max(THRESHOLDS, key=lambda t: (f_measure(prob[:, c] >= t, y), -abs(t - 0.5)))
        out.append(best)
    return out


def f_measure(pred, y):
    tp = np.sum(pred & y)
    return 2 * tp / max(2 * tp + np.sum(pred & ~y) + np.sum(~pred & y), 1)


def scores(prob, truth, solo, thresholds):
    """Mean F and top-1 error of the segments with per-instrument thresholds (top-1: the largest shifted logit)."""
    t = np.array(thresholds)
    f = [f_measure(prob[:, c] >= t[c], truth[:, c] > 0) for c in range(prob.shape[1])]
    p = np.clip(prob, 1e-6, 1 - 1e-6)
    z = np.log(p) - np.log1p(-p) - (np.log(t) - np.log1p(-t))
    s = solo >= 0
    return float(np.mean(f)), float(np.mean(z[s].argmax(1) != solo[s])), f


def calibrate(model, dev, instruments):
    """Thresholds fitted on the whole dev split, and honest dev figures for them by two-fold cross-fitting over dev
    items (thresholds fitted on the even items score the odd ones and the other way round): (thresholds,
    {'mean_f', 'instrument_top1_error', 'instrument_f', 'mean_f_uncalibrated', 'instrument_top1_error_uncalibrated'})."""
    item, prob, truth, solo = segment_arrays(model, dev, instruments)
    thresholds = fit_thresholds(prob, truth)
    fold = item % 2
    cross = np.zeros_like(prob)  # probabilities re-expressed against 0.5 with the other fold's thresholds
    for k in (0, 1):
        t = np.array(fit_thresholds(prob[fold != k], truth[fold != k]))
        p = np.clip(prob[fold == k], 1e-6, 1 - 1e-6)
        cross[fold == k] = 1 / (1 + np.exp(-(np.log(p) - np.log1p(-p) - (np.log(t) - np.log1p(-t)))))
    f, top1, per = scores(cross, truth, solo, [0.5] * prob.shape[1])
    f0, top0, _ = scores(prob, truth, solo, [0.5] * prob.shape[1])
    return thresholds, {'mean_f': f, 'instrument_top1_error': top1, 'instrument_f': dict(zip(instruments, per)),
                        'mean_f_uncalibrated': f0, 'instrument_top1_error_uncalibrated': top0}


WEIGHTS = (0, 0.25, 0.5, 0.75, 1)


def load_items(data, cli):
    """The instrument names, every item with its features, and the dev items (the held-out split is not used)."""
    manifest = json.load(open(os.path.join(data, 'manifest.json')))
    feats = train.featurize(data, cli, os.path.join(HERE, 'featurizer.json'))
    items = train.load(data, feats, manifest)
    return manifest['instruments'], items, [(it, x) for it, x in items if it['split'] == 'dev']


def grid(first, second, dev, instruments):
    """Dev figures of the two models combined with equal weights 0, 0.25, ..., 1, printed and returned by weight."""
    figures = {}
    for w in WEIGHTS:
        f = figures[w] = train.evaluate(Combined(first, second, w, w), dev, instruments)
        print('weight %.2f: dev clip %.3f file %.3f top1 %.3f F %.3f' % (
            w, f['clip_accuracy'], f['file_accuracy'], f['instrument_top1_error'], f['mean_f']), flush=True)
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data')
    ap.add_argument('--cli', required=True)
    ap.add_argument('--first', required=True)
    ap.add_argument('--second', required=True)
    ap.add_argument('--piano-weight', type=float, default=0.5)
    ap.add_argument('--instrument-weight', type=float, default=0.5)
    ap.add_argument("--grid", action="store_true", help="print dev figures for weights 0, 0.25, ..., 1 and stop (the "
                    "piano figures depend only on the piano weight, the instrument figures only on the instrument weight)")
    ap.add_argument('--calibrate', action='store_true', help='fit a threshold per instrument on the dev split and '
                    'fold it into the exported model (Calibrated); the dev figures of the instruments are then also '
                    'given cross-fitted (two folds of dev items), the in-sample ones being optimistic')
    ap.add_argument('--out', default=os.path.join(train.ROOT, 'src', 'PianoTranscription', 'Models', 'analysis-default.onnx'))
    ap.add_argument('--figures', default=os.path.join(HERE, 'figures.json'))
    ap.add_argument('--model-version', default='2.0.0', help='the exported model\'s version (AnalysisModel.Version; '
                    'the first-round default was 1.0.0, the round-6 default 2.0.0)')
    a = ap.parse_args()
    torch.set_num_threads(1)
    instruments, items, dev = load_items(a.data, a.cli)
    first, second = build(a.first, len(instruments)), build(a.second, len(instruments))
    if a.grid:
        grid(first, second, dev, instruments)
        return
    model = Combined(first, second, a.piano_weight, a.instrument_weight)
    calibration = None
    if a.calibrate:
        thresholds, calibration = calibrate(model, dev, instruments)
        calibration['thresholds'] = dict(zip(instruments, thresholds))
        print('thresholds (dev):', json.dumps(calibration['thresholds']))
        print('cross-fitted dev: top1 %.3f F %.3f (uncalibrated %.3f / %.3f)' % (
            calibration['instrument_top1_error'], calibration['mean_f'],
            calibration['instrument_top1_error_uncalibrated'], calibration['mean_f_uncalibrated']))
        model = Calibrated(model, thresholds)
    train_items = [(it, x) for it, x in items if it['split'] == 'train']
    figures = {'dev': train.evaluate(model, dev, instruments), 'train': train.evaluate(model, train_items, instruments),
               'first': a.first, 'second': a.second, 'piano_weight': a.piano_weight,
               'instrument_weight': a.instrument_weight, 'dev_items': len(dev), 'train_items': len(train_items),
               'calibration': calibration}
    print(json.dumps(figures['dev'], indent=1))
    train.export(model, a.out, open(os.path.join(HERE, 'featurizer.json')).read().strip(), instruments, 'combined', a.model_version,
                 licenses=train.training_licenses([it for it, _ in items]))
    json.dump(figures, open(a.figures, 'w'), indent=1)


if __name__ == '__main__':
    main()
