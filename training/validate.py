"""Validation on the held-out piano (MuseScore_General grand, never trained on): simple decoding + mir_eval.

Decoding (deliberately simple; the library's decoder is the reference): an onset is a local maximum of the onset
head >= onset_threshold, placed between frames with Kong's regression shift; the note lasts while the frame head
stays >= frame_threshold (or until the next onset of that key); velocity = velocity head at the onset frame * 127.

Usage: python3 validate.py --run NAME   (writes runs/NAME/metrics.json and curves.png)
"""
import argparse
import json
import os

import mir_eval
import numpy as np
import torch

import dataset
import plot
from model import PianoNet

HERE = os.path.dirname(os.path.abspath(__file__))
FPS = dataset.FPS


def decode(on, fr, vel, onset_threshold=0.4, frame_threshold=0.5):
    notes = []
    T = on.shape[0]
    for p in range(88):
        o = on[:, p]
        peaks = [t for t in range(T) if o[t] >= onset_threshold and (t == 0 or o[t] >= o[t - 1])
                 and (t == T - 1 or o[t] > o[t + 1])]
        for i, t in enumerate(peaks):
            shift = 0.0
            if 0 < t < T - 1:
                if o[t - 1] > o[t + 1]:
                    shift = (o[t + 1] - o[t - 1]) / (o[t] - o[t + 1] + 1e-9) / 2
                else:
                    shift = (o[t + 1] - o[t - 1]) / (o[t] - o[t - 1] + 1e-9) / 2
                shift = float(np.clip(shift, -0.5, 0.5))
            nxt = peaks[i + 1] if i + 1 < len(peaks) else T
            e = t + 1
            while e < nxt and fr[e, p] >= frame_threshold:
                e += 1
            onset = (t + shift) / FPS
            offset = max(e / FPS, onset + 1.0 / FPS)
            notes.append((onset, offset, p + 21, int(np.clip(round(vel[t, p] * 127), 1, 127))))
    return notes


def score(ref_notes, est):
    ri = ref_notes[:, :2]
    rp = mir_eval.util.midi_to_hz(ref_notes[:, 2])
    if len(est) == 0:
        return {'note_f1': 0.0, 'note_offset_f1': 0.0, 'note_p': 0.0, 'note_r': 0.0}
    e = np.array(est, dtype=np.float64)
    ei = e[:, :2]
    ep = mir_eval.util.midi_to_hz(e[:, 2])
    p, r, f, _ = mir_eval.transcription.precision_recall_f1_overlap(ri, rp, ei, ep, offset_ratio=None)
    _, _, fo, _ = mir_eval.transcription.precision_recall_f1_overlap(ri, rp, ei, ep)
    return {'note_f1': f, 'note_offset_f1': fo, 'note_p': p, 'note_r': r}


def predict(model, spec):
    with torch.no_grad():
        out = model(torch.from_numpy(spec.astype(np.float32))[None])
    return [o[0].numpy() for o in out]


def evaluate(model, items, thresholds=((0.4, 0.5),)):
    res = {th: {'clean': [], 'augmented': []} for th in thresholds}
    for it in items:
        on, fr, off, vel, *_ = predict(model, it.spec)
        ref = it.notes[it.notes[:, 0] < it.n / FPS]
        for th in thresholds:
            s = score(ref, decode(on, fr, vel, *th))
            res[th]['augmented' if it.aug else 'clean'].append(s)
    out = {}
    for th in thresholds:
        key = 'onset%.2f_frame%.2f' % th
        out[key] = {}
        for cond, lst in res[th].items():
            if lst:
                out[key][cond] = {k: float(np.mean([s[k] for s in lst])) for k in lst[0]}
                out[key][cond]['pieces'] = len(lst)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--feat', default=os.path.join(HERE, 'work', 'features'))
    ap.add_argument('--data', default=os.path.join(HERE, 'work', 'data'))
    a = ap.parse_args()
    torch.set_num_threads(2)
    ck = torch.load(os.path.join(HERE, 'runs', a.run, 'best.pt'))
    model = PianoNet(ck['bins'], **ck.get('arch', {}))
    model.load_state_dict(ck['model'])
    model.eval()
    items = dataset.load_items(a.feat, a.data, 'val', 'maps_tune')
    ths = ((0.3, 0.5), (0.4, 0.5), (0.5, 0.5), (0.4, 0.3))
    m = {sp: evaluate(model, [i for i in items if i.split == sp], ths) for sp in ('val', 'maps_tune')}
    run_dir = os.path.join(HERE, 'runs', a.run)
    cfg = json.load(open(os.path.join(run_dir, 'config.json')))
    metrics = {'step': ck['step'], 'validation': 'MuseScore_General grand (program 0) and the maps_tune pieces, '
                                                'never trained on (the simple decoder of this file; the reported '
                                                'figures come from the accuracy harness)',
               'val_pieces': sorted(set(i.pid for i in items)), 'model': cfg, 'results': m}
    json.dump(metrics, open(os.path.join(run_dir, 'metrics.json'), 'w'), indent=1)
    print(json.dumps(m, indent=1))
    plot.curves(os.path.join(run_dir, 'train_log.jsonl'), os.path.join(run_dir, 'curves.png'))


if __name__ == '__main__':
    main()
