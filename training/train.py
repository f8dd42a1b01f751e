"""Resumable training loop (CPU). Re-running the same command continues from the last checkpoint.

Usage: python3 train.py --run NAME [--minutes 20] [--total-steps 20000] [--arch v4]
State, all under runs/NAME/ so that a commit carries the run to a fresh machine:
  last.pt          model, optimiser, step and sampler state (every --ckpt-minutes and at the end): resumes
  best.pt          the model at the best maps_tune note F1 so far (what export.py takes by default)
  train_log.jsonl  losses every 200 steps, note F1 every --metric-every steps (the curves of plot.py)
  config.json      architecture and batch settings
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
    # v4: v2's layout, 3.4x the multiply-adds (2-3x the channels, 384-unit dense layer): more capacity for the
    # MAPS pianos at about 1.5-2x v2's training time per step on 2 CPU cores.
    'v4': dict(channels=(16, 32, 48, 48), hidden=384, pools=(True, True, False, False)),
}
TRAIN_SPLITS = ('train', 'maps_train')
METRIC_SPLITS = ('maps_tune', 'val')  # training-time note F1: the tuning split, and the MuseScore_General pieces
HERE = os.path.dirname(os.path.abspath(__file__))


def losses(out, ys, pmask=None):
    """Weighted BCE sum; pmask [B] (1 = the file has pedal labels) masks the pedal terms per crop."""
    on, fr, off, vel, pon, pfr, poff = out
    t_on, t_off, t_fr, t_vel, t_ped = ys
    l_on = F.binary_cross_entropy(on, t_on)
    l_fr = F.binary_cross_entropy(fr, t_fr)
    l_off = F.binary_cross_entropy(off, t_off)
    mask = ((t_on > 0.5) | (t_fr > 0.5)).float()
    l_vel = (F.binary_cross_entropy(vel, t_vel, reduction='none') * mask).sum() / (mask.sum() + 1)
    pm = torch.ones(on.shape[0]) if pmask is None else pmask
    pw = pm[:, None].expand_as(pon)
    den = pw.sum() + 1e-6
    l_ped = sum((F.binary_cross_entropy(h, t_ped[..., k], reduction='none') * pw).sum() / den
                for k, h in enumerate((pon, pfr, poff)))
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


def to_t(spec, ys, pmask):
    return torch.from_numpy(spec), [torch.from_numpy(y) for y in ys], torch.from_numpy(pmask)


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
    ap.add_argument('--arch', default='v4', choices=sorted(ARCHS))
    ap.add_argument('--metric-every', type=int, default=2000, help='steps between note-F1 evaluations')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    run_dir = os.path.join(HERE, 'runs', a.run)
    os.makedirs(run_dir, exist_ok=True)
    t_load = time.time()
    train = dataset.load_items(a.feat, a.data, *TRAIN_SPLITS)
    val = dataset.load_items(a.feat, a.data, *METRIC_SPLITS)
    sampler = dataset.Sampler(train)
    bins = train[0].spec.shape[1]
    print('loaded %d train / %d val files (%d / %d frames), bins=%d in %.0fs' % (
        len(train), len(val), sum(i.n for i in train), sum(i.n for i in val), bins, time.time() - t_load), flush=True)
    model = PianoNet(bins, **ARCHS[a.arch])
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    step = 0
    rng = np.random.RandomState(0)
    last = os.path.join(run_dir, 'last.pt')
    best_f1 = -1.0
    if os.path.exists(last):
        ck = torch.load(last)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        step = ck['step']
        rng.set_state(ck['rng'])
        best_f1 = ck.get('best_f1', -1.0)
        print('resumed at step', step, flush=True)
    else:
        json.dump({'bins': bins, 'arch': model.arch, 'params': sum(p.numel() for p in model.parameters()),
                   'macs_per_frame': macs_per_frame(model), 'batch': a.batch, 'crop_frames': a.crop, 'lr': a.lr},
                  open(os.path.join(run_dir, 'config.json'), 'w'), indent=1)
    metric_sets = {sp: [i for i in val if not i.aug and i.split == sp] for sp in METRIC_SPLITS}
    vrng = np.random.RandomState(123)
    val_batches = [to_t(*dataset.batch(val, vrng, 8, a.crop)) for _ in range(6)]
    log = open(os.path.join(run_dir, 'train_log.jsonl'), 'a')

    def save():
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'rng': rng.get_state(),
                    'bins': bins, 'arch': model.arch, 'best_f1': best_f1}, last + '.tmp')
        os.replace(last + '.tmp', last)

    def save_best(f1):
        best = os.path.join(run_dir, 'best.pt')
        torch.save({'model': model.state_dict(), 'step': step, 'bins': bins, 'arch': model.arch, 'tune_note_f1': f1},
                   best + '.tmp')
        os.replace(best + '.tmp', best)

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
        spec, ys, pm = to_t(*dataset.batch(train, rng, a.batch, a.crop, sampler))
        out = model(spec)
        loss, parts = losses(out, ys, pm)
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
                for vs, vy, vm in val_batches:
                    _, p = losses(model(vs), vy, vm)
                    for k, v in p.items():
                        vl[k] = vl.get(k, 0) + v / len(val_batches)
            rec = {'step': step, 'time': time.time(), 'lr': lr, 'train': {k: v / n_acc for k, v in acc.items()},
                   'val': vl}
            if step % a.metric_every == 0:
                for sp, its in metric_sets.items():
                    if its:
                        m = note_metrics(model, its)
                        rec['val_metrics' if sp == 'val' else sp + '_metrics'] = m
                        print('step %d %s clean note F1 %.4f note+offset F1 %.4f' % (
                            step, sp, m['note_f1'], m['note_offset_f1']), flush=True)
                        if sp == METRIC_SPLITS[0] and m['note_f1'] > best_f1:
                            best_f1 = m['note_f1']
                            save_best(best_f1)
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
