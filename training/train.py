"""Resumable training loop (CPU). Re-running the same command continues from the last checkpoint.

Usage: python3 train.py --run NAME [--minutes 20] [--total-steps 20000]
Checkpoints: work/ckpt/NAME/last.pt (every --ckpt-minutes); curve log: runs/NAME/train_log.jsonl
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import dataset
from model import PianoNet, macs_per_frame

# v1: 4 conv layers, frequency pooled x8 (4 semitones per position) before the per-frame dense layer.
# v2: same cost, pooled x4 only (2 semitones per position), fewer channels.
ARCHS = {
    'v1': dict(channels=(8, 16, 24, 32), hidden=256, pools=(True, True, True, False)),
    'v2': dict(channels=(8, 16, 16, 24), hidden=256, pools=(True, True, False, False)),
}
HERE = os.path.dirname(os.path.abspath(__file__))


def losses(out, ys):
    on, fr, off, vel, pon, pfr, poff = out
    t_on, t_off, t_fr, t_vel, t_ped = ys
    l_on = F.binary_cross_entropy(on, t_on)
    l_fr = F.binary_cross_entropy(fr, t_fr)
    l_off = F.binary_cross_entropy(off, t_off)
    mask = ((t_on > 0.5) | (t_fr > 0.5)).float()
    l_vel = (F.binary_cross_entropy(vel, t_vel, reduction='none') * mask).sum() / (mask.sum() + 1)
    l_ped = (F.binary_cross_entropy(pon, t_ped[..., 0]) + F.binary_cross_entropy(pfr, t_ped[..., 1])
             + F.binary_cross_entropy(poff, t_ped[..., 2]))
    total = 2 * l_on + l_fr + l_off + 0.5 * l_vel + 0.5 * l_ped
    return total, {'onset': l_on.item(), 'frame': l_fr.item(), 'offset': l_off.item(), 'velocity': l_vel.item(),
                   'pedal': l_ped.item()}


def note_metrics(model, items):
    """Mean note / note+offset F1 (mir_eval, validate.py's simple decoder) over the clean held-out-piano pieces."""
    import validate
    model.eval()
    scores = []
    for it in items:
        on, fr, off, vel, *_ = validate.predict(model, it.spec)
        ref = it.notes[it.notes[:, 0] < it.n / dataset.FPS]
        scores.append(validate.score(ref, validate.decode(on, fr, vel)))
    return {k: float(np.mean([s[k] for s in scores])) for k in scores[0]}


def to_t(spec, ys):
    return torch.from_numpy(spec), [torch.from_numpy(y) for y in ys]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--feat', default=os.path.join(HERE, 'work', 'features'))
    ap.add_argument('--data', default=os.path.join(HERE, 'work', 'data'))
    ap.add_argument('--minutes', type=float, default=20)
    ap.add_argument('--total-steps', type=int, default=20000)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--crop', type=int, default=200)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--ckpt-minutes', type=float, default=3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--arch', default='v1', choices=sorted(ARCHS))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ck_dir = os.path.join(HERE, 'work', 'ckpt', a.run)
    run_dir = os.path.join(HERE, 'runs', a.run)
    os.makedirs(ck_dir, exist_ok=True)
    os.makedirs(run_dir, exist_ok=True)
    t_load = time.time()
    train = dataset.load_items(a.feat, a.data, 'train')
    val = dataset.load_items(a.feat, a.data, 'val')
    bins = train[0].spec.shape[1]
    print('loaded %d train / %d val files (%d / %d frames), bins=%d in %.0fs' % (
        len(train), len(val), sum(i.n for i in train), sum(i.n for i in val), bins, time.time() - t_load), flush=True)
    model = PianoNet(bins, **ARCHS[a.arch])
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    step = 0
    rng = np.random.RandomState(0)
    last = os.path.join(ck_dir, 'last.pt')
    if os.path.exists(last):
        ck = torch.load(last)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        step = ck['step']
        rng.set_state(ck['rng'])
        print('resumed at step', step, flush=True)
    else:
        json.dump({'bins': bins, 'arch': model.arch, 'params': sum(p.numel() for p in model.parameters()),
                   'macs_per_frame': macs_per_frame(model), 'batch': a.batch, 'crop_frames': a.crop, 'lr': a.lr},
                  open(os.path.join(run_dir, 'config.json'), 'w'), indent=1)
    val_clean = [i for i in val if not i.aug]
    vrng = np.random.RandomState(123)
    val_batches = [to_t(*dataset.batch(val, vrng, 8, a.crop)) for _ in range(6)]
    log = open(os.path.join(run_dir, 'train_log.jsonl'), 'a')

    def save():
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'rng': rng.get_state(),
                    'bins': bins, 'arch': model.arch}, last + '.tmp')
        os.replace(last + '.tmp', last)

    t_start = time.time()
    t_ck = time.time()
    acc = {}
    n_acc = 0
    while step < a.total_steps and time.time() - t_start < a.minutes * 60:
        # lr: 1e-3, cosine-ish decay to 1e-4 over total steps
        lr = a.lr * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * min(1.0, step / a.total_steps))))
        for g in opt.param_groups:
            g['lr'] = lr
        model.train()
        spec, ys = to_t(*dataset.batch(train, rng, a.batch, a.crop))
        out = model(spec)
        loss, parts = losses(out, ys)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 3.0)
        opt.step()
        step += 1
        for k, v in parts.items():
            acc[k] = acc.get(k, 0) + v
        acc['total'] = acc.get('total', 0) + loss.item()
        n_acc += 1
        if step % 200 == 0:
            model.eval()
            with torch.no_grad():
                vl = {}
                for vs, vy in val_batches:
                    _, p = losses(model(vs), vy)
                    for k, v in p.items():
                        vl[k] = vl.get(k, 0) + v / len(val_batches)
            rec = {'step': step, 'time': time.time(), 'lr': lr, 'train': {k: v / n_acc for k, v in acc.items()},
                   'val': vl}
            if step % 1000 == 0:
                rec['val_metrics'] = note_metrics(model, val_clean)
                print('step %d val clean note F1 %.4f note+offset F1 %.4f' % (
                    step, rec['val_metrics']['note_f1'], rec['val_metrics']['note_offset_f1']), flush=True)
            log.write(json.dumps(rec) + '\n')
            log.flush()
            print('step %d lr %.2e train %.4f val onset %.4f frame %.4f' % (
                step, lr, acc['total'] / n_acc, vl['onset'], vl['frame']), flush=True)
            acc, n_acc = {}, 0
        if time.time() - t_ck > a.ckpt_minutes * 60:
            save()
            t_ck = time.time()
    save()
    print('stopped at step', step, flush=True)


if __name__ == '__main__':
    main()
