"""Build the training/validation music: POP909 excerpts + generated piano material.

Every output piece is written twice:
  <id>.mid          one-track, ONE fixed tempo (120 bpm, 480 PPQ => 1 tick = 1/960 s), channel 0, no drums.
                    FluidSynth's player drifts on files with many tempo changes; a single tempo avoids that.
  <id>.labels.npz   notes [N,4] = onset_s, offset_s (key release, NOT pedal-extended), pitch, velocity
                    pedal [M,2] = down_s, up_s   (CC64 >= 64)
                    All times are the tick-quantised times written to the MIDI file, so labels == what is rendered.

Usage: python3 midi_prep.py OUT_DIR --pop909 DIR [--seed 1]
"""
import argparse
import glob
import json
import os
import random

import mido
import numpy as np

TICKS_PER_BEAT = 480
TEMPO = 500000  # 120 bpm
TICKS_PER_S = TICKS_PER_BEAT * 1e6 / TEMPO  # 960
LEAD_IN = 0.5


def read_midi(path):
    """Return notes [(on, off, pitch, vel)] and pedal intervals [(down, up)] in absolute seconds (all tracks, no drums)."""
    mid = mido.MidiFile(path)
    notes, pedal = [], []
    active = {}
    ped_down = None
    t = 0.0
    for msg in mid:  # iterating a MidiFile yields delta times in seconds (tempo map applied)
        t += msg.time
        if msg.is_meta or not hasattr(msg, 'channel') or msg.channel == 9:
            continue
        if msg.type == 'note_on' and msg.velocity > 0:
            if msg.note in active:  # re-strike without release: close the previous one
                on, vel = active.pop(msg.note)
                notes.append((on, t, msg.note, vel))
            active[msg.note] = (t, msg.velocity)
        elif msg.type == 'note_off' or (msg.type == 'note_on' and msg.velocity == 0):
            if msg.note in active:
                on, vel = active.pop(msg.note)
                notes.append((on, t, msg.note, vel))
        elif msg.type == 'control_change' and msg.control == 64:
            if msg.value >= 64 and ped_down is None:
                ped_down = t
            elif msg.value < 64 and ped_down is not None:
                pedal.append((ped_down, t))
                ped_down = None
    for p, (on, vel) in active.items():
        notes.append((on, t, p, vel))
    if ped_down is not None:
        pedal.append((ped_down, t))
    return notes, pedal


def q(t):
    return int(round(t * TICKS_PER_S))


def write_piece(out_base, notes, pedal, program=0):
    """Write fixed-tempo MIDI + labels; returns duration. notes: (on, off, pitch, vel) seconds."""
    events = []  # (tick, order, msg)
    qn, qp = [], []
    for on, off, p, v in notes:
        a, b = q(on), q(off)
        if b <= a:
            b = a + 1
        p = int(min(108, max(21, p)))
        v = int(min(127, max(1, v)))
        events.append((b, 0, mido.Message('note_off', note=p, velocity=0, channel=0)))
        events.append((a, 2, mido.Message('note_on', note=p, velocity=v, channel=0)))
        qn.append((a / TICKS_PER_S, b / TICKS_PER_S, p, v))
    for d, u in pedal:
        a, b = q(d), q(u)
        if b <= a:
            continue
        events.append((a, 1, mido.Message('control_change', control=64, value=127, channel=0)))
        events.append((b, 1, mido.Message('control_change', control=64, value=0, channel=0)))
        qp.append((a / TICKS_PER_S, b / TICKS_PER_S))
    events.sort(key=lambda e: (e[0], e[1]))
    # Overlapping same-pitch notes: a note_off of an earlier note at the same tick as the next note_on is fine
    # (off sorted first). A truly overlapping re-strike is cut at the new onset.
    mid = mido.MidiFile(ticks_per_beat=TICKS_PER_BEAT)
    tr = mido.MidiTrack()
    mid.tracks.append(tr)
    tr.append(mido.MetaMessage('set_tempo', tempo=TEMPO, time=0))
    tr.append(mido.Message('program_change', program=program, channel=0, time=0))
    last = 0
    for tick, _, msg in events:
        tr.append(msg.copy(time=tick - last))
        last = tick
    end = last + int(TICKS_PER_S * 1.0)
    tr.append(mido.MetaMessage('end_of_track', time=end - last))
    mid.save(out_base + '.mid')
    np.savez(out_base + '.labels.npz',
             notes=np.array(qn, dtype=np.float64).reshape(-1, 4),
             pedal=np.array(qp, dtype=np.float64).reshape(-1, 2))
    return end / TICKS_PER_S


def fix_overlaps(notes):
    """Cut a note where the same pitch is struck again (a piano key cannot sound twice)."""
    out = []
    by_pitch = {}
    for n in sorted(notes, key=lambda n: (n[2], n[0])):
        by_pitch.setdefault(n[2], []).append(list(n))
    for p, ns in by_pitch.items():
        for i, n in enumerate(ns):
            if i + 1 < len(ns) and n[1] > ns[i + 1][0] - 0.005:
                n[1] = max(n[0] + 0.01, ns[i + 1][0] - 0.005)
            if n[1] > n[0]:
                out.append(tuple(n))
    return sorted(out)


def excerpt(notes, pedal, start, length, rng):
    """Cut [start, start+length) and shift to LEAD_IN; random tempo stretch, transpose, velocity curve."""
    stretch = rng.uniform(0.8, 1.25)
    transpose = rng.randint(-5, 6)
    gamma = rng.uniform(0.6, 1.6)
    vscale = rng.uniform(0.7, 1.25)
    end = start + length
    out = []
    for on, off, p, v in notes:
        if start <= on < end:
            off = min(off, end + 2.0)
            pp = p + transpose
            if pp < 21 or pp > 108:
                pp = p
            vv = 127 * ((v / 127) ** gamma) * vscale
            out.append(((on - start) * stretch + LEAD_IN, (off - start) * stretch + LEAD_IN, pp, int(round(vv))))
    ped = []
    for d, u in pedal:
        if u > start and d < end:
            ped.append(((max(d, start) - start) * stretch + LEAD_IN, (min(u, end + 2.0) - start) * stretch + LEAD_IN))
    return fix_overlaps(out), ped


def add_pedal(notes, rng, dur):
    """Synthetic 'legato pedalling': pedal changes every 1-3 s, re-pressed shortly after a change."""
    ped = []
    t = LEAD_IN + rng.uniform(0, 1)
    while t < dur:
        length = rng.uniform(0.8, 3.5)
        ped.append((t, min(dur, t + length)))
        t += length + rng.uniform(0.05, 0.4)
    return ped


def gen_synthetic(rng, dur=20.0):
    """Generated material: dense chords, repeated notes/trills, scales/arpeggios over all 88 keys, extreme
    registers, full velocity range, heavy pedal, long decays, silence."""
    notes = []
    pedal = []
    t = LEAD_IN
    while t < dur:
        kind = rng.choice(['chords', 'repeat', 'trill', 'scale', 'arpeggio', 'extreme', 'random', 'silence', 'long'])
        seg_end = min(dur, t + rng.uniform(1.5, 4.0))
        base_vel = rng.randint(10, 127)
        if kind == 'chords':
            while t < seg_end:
                k = rng.randint(2, 12)
                lo = rng.randint(21, 96)
                pitches = sorted(set(rng.randint(max(21, lo - 5), min(108, lo + 24)) for _ in range(k)))
                d = rng.uniform(0.15, 1.5)
                for p in pitches:
                    notes.append((t + rng.uniform(0, 0.02), t + d * rng.uniform(0.7, 1.0), p,
                                  max(1, min(127, base_vel + rng.randint(-15, 15)))))
                t += d + rng.uniform(0, 0.3)
        elif kind == 'repeat':
            p = rng.randint(21, 108)
            ioi = rng.uniform(0.06, 0.2)
            while t < seg_end:
                notes.append((t, t + ioi * rng.uniform(0.4, 0.9), p, max(1, min(127, base_vel + rng.randint(-20, 20)))))
                t += ioi
        elif kind == 'trill':
            p = rng.randint(21, 106)
            q2 = p + rng.choice([1, 2])
            ioi = rng.uniform(0.05, 0.14)
            i = 0
            while t < seg_end:
                notes.append((t, t + ioi * 0.95, p if i % 2 == 0 else q2, max(1, min(127, base_vel + rng.randint(-15, 15)))))
                t += ioi
                i += 1
        elif kind in ('scale', 'arpeggio'):
            step = [1, 2, 2, 1, 2, 2, 2] if kind == 'scale' else [rng.choice([3, 4]), rng.choice([3, 4]), 5]
            p = rng.randint(21, 60)
            direction = 1
            ioi = rng.uniform(0.05, 0.25)
            i = 0
            while t < seg_end:
                notes.append((t, t + ioi * rng.uniform(0.8, 3.0), p, max(1, min(127, base_vel + rng.randint(-15, 15)))))
                p += direction * step[i % len(step)]
                i += 1
                if p > 108 or p < 21:
                    direction = -direction
                    p = max(21, min(108, p))
                t += ioi
        elif kind == 'extreme':
            while t < seg_end:
                lo = rng.random() < 0.5
                p = rng.randint(21, 33) if lo else rng.randint(96, 108)
                d = rng.uniform(0.1, 1.0)
                notes.append((t, t + d, p, rng.randint(1, 127)))
                if rng.random() < 0.5:
                    notes.append((t, t + d, min(108, p + 12) if lo else max(21, p - 12), rng.randint(1, 127)))
                t += d * rng.uniform(0.5, 1.2)
        elif kind == 'random':
            while t < seg_end:
                for _ in range(rng.randint(1, 4)):
                    notes.append((t, t + rng.uniform(0.05, 2.0), rng.randint(21, 108), rng.randint(1, 127)))
                t += rng.uniform(0.03, 0.4)
        elif kind == 'long':
            k = rng.randint(1, 6)
            for _ in range(k):
                notes.append((t, seg_end, rng.randint(21, 100), rng.randint(30, 127)))
            t = seg_end
        else:  # silence
            t = seg_end
        if rng.random() < 0.35 and kind != 'silence':
            pedal.append((max(LEAD_IN, seg_end - rng.uniform(1.0, 3.0)), seg_end + rng.uniform(0.0, 0.5)))
        t = max(t, seg_end)
    notes = [n for n in notes if n[0] < dur]
    notes = [(a, min(b, dur + 1.0), p, v) for a, b, p, v in notes]
    pedal = [(a, min(b, dur + 1.0)) for a, b in pedal]
    # merge overlapping pedal intervals
    pedal.sort()
    merged = []
    for a, b in pedal:
        if merged and a <= merged[-1][1] + 0.05:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return fix_overlaps(notes), merged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--pop909', default=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                      '..', '..', '..', 'shared', 'data', 'pop909')))
    ap.add_argument('--train-pieces', type=int, default=300)
    ap.add_argument('--synthetic', type=int, default=100)
    ap.add_argument('--val-pieces', type=int, default=12)
    ap.add_argument('--seg', type=float, default=20.0)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    files = sorted(glob.glob(os.path.join(a.pop909, '*.mid')))
    val_files = files[-a.val_pieces:]          # last pieces: validation only (never in training)
    train_files = files[:-a.val_pieces]
    rng.shuffle(train_files)
    os.makedirs(os.path.join(a.out, 'train'), exist_ok=True)
    os.makedirs(os.path.join(a.out, 'val'), exist_ok=True)
    manifest = {'train': [], 'val': []}

    def do(split, pid, notes, pedal):
        base = os.path.join(a.out, split, pid)
        if not os.path.exists(base + '.labels.npz'):
            dur = write_piece(base, notes, pedal)
        else:
            dur = float(mido.MidiFile(base + '.mid').length)
        manifest[split].append({'id': pid, 'duration': dur, 'notes': len(notes)})

    for i, f in enumerate(train_files[:a.train_pieces]):
        notes, pedal = read_midi(f)
        total = max(n[1] for n in notes)
        start = rng.uniform(0, max(0.0, total - a.seg))
        ns, ps = excerpt(notes, pedal, start, a.seg, rng)
        if not ps and rng.random() < 0.6:
            ps = add_pedal(ns, rng, a.seg + LEAD_IN)
        pid = 'pop' + os.path.basename(f)[:-4] + '_%03d' % i
        do('train', pid, ns, ps)
    for i in range(a.synthetic):
        ns, ps = gen_synthetic(rng, a.seg)
        do('train', 'gen_%03d' % i, ns, ps)
    vrng = random.Random(1234)
    for f in val_files:
        notes, pedal = read_midi(f)
        total = max(n[1] for n in notes)
        start = min(30.0, max(0.0, total - 30.0))
        ns, ps = excerpt(notes, pedal, start, 30.0, vrng)
        if not ps:
            ps = add_pedal(ns, vrng, 30.0 + LEAD_IN)
        do('val', 'pop' + os.path.basename(f)[:-4], ns, ps)
    for k in range(3):
        ns, ps = gen_synthetic(vrng, 20.0)
        do('val', 'gen_val_%d' % k, ns, ps)
    with open(os.path.join(a.out, 'manifest.json'), 'w') as fh:
        json.dump(manifest, fh, indent=1)
    print('train', len(manifest['train']), 'val', len(manifest['val']))


if __name__ == '__main__':
    main()
