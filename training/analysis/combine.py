"""Combine two trained clip models (train.py --keep-state) into one ONNX model: each head's probabilities are a
weighted mean of the two models' (weight of the first model per head: --piano-weight, --instrument-weight; 1 = the
first model only, 0 = the second only). The weights are chosen on the DEV split (printed for each weight in
--grid); the held-out split is not read.

Usage: /usr/bin/python3 combine.py DATA_DIR --cli CLI.dll --first A.onnx.pt:ARCH --second B.onnx.pt:ARCH
         [--piano-weight W] [--instrument-weight W] [--grid] [--out MODEL.onnx] [--figures FILE.json]
  ARCH: pooled[/HIDDEN], cnn, cnn-small (as given to train.py).
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train  # noqa: E402


def build(spec, instruments):
    path, arch = spec.rsplit(':', 1)
    name, _, hidden = arch.partition('/')
    model = {'cnn': lambda: train.ClipNet(instruments=instruments),
             'cnn-small': lambda: train.SmallCnn(instruments=instruments),
             'pooled': lambda: train.PooledNet(instruments=instruments, hidden=int(hidden or 256))}[name]()
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
    ap.add_argument('--out', default=os.path.join(train.ROOT, 'src', 'PianoTranscription', 'Models', 'analysis-default.onnx'))
    ap.add_argument('--figures', default=os.path.join(HERE, 'figures.json'))
    a = ap.parse_args()
    torch.set_num_threads(1)
    instruments, items, dev = load_items(a.data, a.cli)
    first, second = build(a.first, len(instruments)), build(a.second, len(instruments))
    if a.grid:
        grid(first, second, dev, instruments)
        return
    model = Combined(first, second, a.piano_weight, a.instrument_weight)
    train_items = [(it, x) for it, x in items if it['split'] == 'train']
    figures = {'dev': train.evaluate(model, dev, instruments), 'train': train.evaluate(model, train_items, instruments),
               'first': a.first, 'second': a.second, 'piano_weight': a.piano_weight,
               'instrument_weight': a.instrument_weight, 'dev_items': len(dev), 'train_items': len(train_items)}
    print(json.dumps(figures['dev'], indent=1))
    train.export(model, a.out, open(os.path.join(HERE, 'featurizer.json')).read().strip(), instruments, 'combined')
    json.dump(figures, open(a.figures, 'w'), indent=1)


if __name__ == '__main__':
    main()
