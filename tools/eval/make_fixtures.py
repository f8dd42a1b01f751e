#!/usr/bin/python3
"""Generates the golden fixtures that PianoTranscription's Evaluation tests compare against.

usage: /usr/bin/python3 tools/eval/make_fixtures.py [OUT_DIR]
  OUT_DIR defaults to tests/PianoTranscription.Tests/Fixtures/Evaluation

Needs Debian's python3-mir-eval (0.7) and python3-numpy. Each case is one JSON file holding the
reference and estimated notes ([onset, offset, pitch, velocity], seconds / MIDI numbers, in random
order), the tolerances, and what mir_eval computes:
  notes, notes_offsets, notes_velocity, notes_offsets_velocity: [precision, recall, f1, matched]
  frames: [precision, recall, f1, true_positives, n_ref, n_est]   (mir_eval.multipitch on a grid)
  matching_onset, matching_velocity: matched [ref_index, est_index] pairs (indices into the stored lists)
Notes are prepared like the field's script (/work/shared/eval/mir_eval_notes.py): sorted as
(onset, offset, pitch, velocity) tuples, offsets raised to at least onset + 1 ms.
Pedal cases ("kind": "pedal") hold [onset, offset] intervals, scored as notes of one pitch.
The C# tests read these files; they never run Python. The seed is fixed, so reruns are identical.
"""
import json
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import mir_eval  # noqa: E402

DEFAULTS = dict(onset_tolerance=0.05, offset_ratio=0.2, offset_min_tolerance=0.05,
                velocity_tolerance=0.1, frame_hop=0.01)


def prepare(notes):
    """Sort like the field's to_arrays; return arrays plus the permutation (sorted -> stored index)."""
    order = sorted(range(len(notes)), key=lambda i: tuple(notes[i]))
    srt = [notes[i] for i in order]
    iv = np.array([[a, max(b, a + 1e-3)] for a, b, _, _ in srt], dtype=float).reshape(-1, 2)
    pitch = np.array([n[2] for n in srt], dtype=float)
    vel = np.array([n[3] for n in srt], dtype=float)
    return iv, pitch, vel, order


def frames(ri, rp, ei, ep, hop):
    """mir_eval.multipitch on the grid k*hop, k = 0..floor(last offset / hop)."""
    ends = list(ri[:, 1]) + list(ei[:, 1])
    if not ends:
        return [0.0, 0.0, 0.0, 0, 0, 0]
    n = int(np.floor(max(ends) / hop)) + 1
    times = np.arange(n) * hop

    def freqs(iv, p):
        active = [set() for _ in range(n)]
        for (on, off), pitch in zip(iv, p):
            for k in np.nonzero((times >= on) & (times < off))[0]:
                active[k].add(pitch)
        return [mir_eval.util.midi_to_hz(np.array(sorted(a), dtype=float)) for a in active]

    rf, ef = freqs(ri, rp), freqs(ei, ep)
    m = mir_eval.multipitch.metrics(times, rf, times, ef)
    precision, recall = m[0], m[1]
    rm = mir_eval.multipitch.frequencies_to_midi(rf)
    em = mir_eval.multipitch.frequencies_to_midi(ef)
    tp = int(mir_eval.multipitch.compute_num_true_positives(rm, em).sum())
    nref = int(mir_eval.multipitch.compute_num_freqs(rm).sum())
    nest = int(mir_eval.multipitch.compute_num_freqs(em).sum())
    return [float(precision), float(recall), float(mir_eval.util.f_measure(precision, recall)), tp, nref, nest]


def score(reference, estimate, opt, velocity=True):
    ri, rp, rv, rorder = prepare(reference)
    ei, ep, ev, eorder = prepare(estimate)
    out = {}
    empty = len(ri) == 0 or len(ei) == 0
    rhz, ehz = mir_eval.util.midi_to_hz(rp), mir_eval.util.midi_to_hz(ep)
    kw = dict(onset_tolerance=opt['onset_tolerance'], offset_min_tolerance=opt['offset_min_tolerance'])

    def back(matching):
        return [[rorder[i], eorder[j]] for i, j in matching]

    for name, ratio in (('notes', None), ('notes_offsets', opt['offset_ratio'])):
        if empty:
            out[name] = [0.0, 0.0, 0.0, 0]
            continue
        p, r, f, _ = mir_eval.transcription.precision_recall_f1_overlap(ri, rhz, ei, ehz, offset_ratio=ratio, **kw)
        m = mir_eval.transcription.match_notes(ri, rhz, ei, ehz, offset_ratio=ratio, **kw)
        out[name] = [p, r, f, len(m)]
        if ratio is None:
            out['matching_onset'] = back(m)
    if velocity:
        for name, ratio in (('notes_velocity', None), ('notes_offsets_velocity', opt['offset_ratio'])):
            if empty:
                out[name] = [0.0, 0.0, 0.0, 0]
                continue
            vkw = dict(kw, velocity_tolerance=opt['velocity_tolerance'])
            p, r, f, _ = mir_eval.transcription_velocity.precision_recall_f1_overlap(
                ri, rhz, rv, ei, ehz, ev, offset_ratio=ratio, **vkw)
            m = mir_eval.transcription_velocity.match_notes(ri, rhz, rv, ei, ehz, ev, offset_ratio=ratio, **vkw)
            out[name] = [p, r, f, len(m)]
            if ratio is None:
                out['matching_velocity'] = back(m)
    out['frames'] = frames(ri, rp, ei, ep, opt['frame_hop'])
    return out


def rnd_notes(rng, n, length=30.0, pitches=(21, 108)):
    notes = []
    for _ in range(n):
        on = round(float(rng.uniform(0, length)), 6)
        dur = round(float(min(rng.exponential(0.5) + 0.03, 4.0)), 6)
        notes.append([on, round(on + dur, 6), int(rng.integers(pitches[0], pitches[1] + 1)), int(rng.integers(1, 128))])
    return notes


def degrade(rng, ref, keep=0.85, onset_sd=0.025, extra=0.12, pitch_err=0.05, vel_sd=12):
    est = []
    for on, off, p, v in ref:
        if rng.random() > keep:
            continue
        dur = off - on
        e_on = on + float(rng.normal(0, onset_sd))
        e_off = max(e_on + 0.01, off + float(rng.normal(0, 0.1 * dur + 0.02)))
        if rng.random() < pitch_err:
            p = int(np.clip(p + rng.choice([-12, -1, 1, 12]), 21, 108))
        vel = int(np.clip(round(v + rng.normal(0, vel_sd)), 1, 127))
        est.append([round(e_on, 6), round(e_off, 6), p, vel])
    est += rnd_notes(rng, int(len(ref) * extra), length=max([n[1] for n in ref] + [1.0]))
    return est


def cases(rng):
    out = []
    ref = rnd_notes(rng, 80)
    out.append(('jitter', ref, degrade(rng, ref), {}))
    ref = rnd_notes(rng, 120, length=20.0)
    out.append(('jitter_wide', ref, degrade(rng, ref, keep=0.7, onset_sd=0.04, extra=0.3, pitch_err=0.15, vel_sd=25), {}))
    ref = rnd_notes(rng, 60, length=10.0)
    out.append(('custom_tolerances', ref, degrade(rng, ref, onset_sd=0.03),
                dict(onset_tolerance=0.03, offset_ratio=0.3, offset_min_tolerance=0.03, velocity_tolerance=0.15, frame_hop=0.02)))
    # Dense repeated notes of few pitches: many candidate pairs, where greedy matching is not maximum.
    ref, est = [], []
    t = 0.0
    for k in range(60):
        t += float(rng.uniform(0.025, 0.06))
        p = int(rng.choice([60, 61]))
        ref.append([round(t, 6), round(t + 0.2, 6), p, int(rng.integers(30, 100))])
        if rng.random() < 0.9:
            s = t + float(rng.uniform(-0.06, 0.06))
            est.append([round(s, 6), round(s + float(rng.uniform(0.1, 0.3)), 6), p, int(rng.integers(30, 100))])
    out.append(('dense_repeats', ref, est, {}))
    # Differences right at the tolerances (mir_eval rounds distances to 4 decimals before comparing).
    ref, est = [], []
    for k, d in enumerate([0.05, -0.05, 0.0500001, 0.04999, 0.05005, 0.05015, -0.05005, 0.05006, 0.0499999]):
        on = 1.0 + k
        ref.append([on, on + 1.0, 60, 64])
        est.append([round(on + d, 8), on + 1.0, 60, 64])
    for k, d in enumerate([0.2, -0.2, 0.20004, 0.20006, 0.19996, -0.20005, 0.05, 0.05005]):
        on = 20.0 + k
        dur = 1.0 if k < 6 else 0.1
        ref.append([on, on + dur, 62, 64])
        est.append([on, round(on + dur + d, 8), 62, 64])
    out.append(('near_threshold', ref, est, {}))
    # With offsets, mir_eval's greedy start is not maximum: estimate A fits both references, B only the first.
    ref, est = [], []
    for k in range(12):
        base, p = 3.0 * k, 40 + 3 * k
        ref += [[base + 1.0, base + 2.0, p, 50], [base + 1.02, base + 2.3, p, 90]]
        est += [[base + 1.01, base + 2.15, p, 60 + k], [base + 1.015, base + 1.9, p, 40 + 2 * k]]
    out.append(('offset_greedy_trap', ref, est, {}))
    ref = rnd_notes(rng, 40, length=8.0)
    est = [[n[0] + 0.01, n[1], n[2], 80] for n in ref[:30]]
    out.append(('constant_estimate_velocity', ref, est, {}))
    ref = rnd_notes(rng, 10, length=5.0)
    out.append(('single_match', ref, [[ref[3][0] + 0.02, ref[3][1] + 0.3, ref[3][2], 99], [0.5, 0.6, 20 + 1, 10]], {}))
    ref = rnd_notes(rng, 50, length=10.0)
    out.append(('perfect', ref, [list(n) for n in ref], {}))
    out.append(('empty_estimate', ref[:10], [], {}))
    out.append(('empty_reference', [], ref[:10], {}))
    chords = []
    for k in range(25):
        on = round(k * 0.4 + float(rng.uniform(0, 0.05)), 6)
        root = int(rng.integers(36, 84))
        for iv in (0, 4, 7, 12):
            chords.append([on, round(on + float(rng.uniform(0.2, 0.8)), 6), root + iv, int(rng.integers(40, 110))])
    out.append(('chords', chords, degrade(rng, chords, keep=0.8, pitch_err=0.1), {}))
    return out


def pedal_cases(rng):
    out = []
    ref, t = [], 0.0
    for _ in range(40):
        t += float(rng.uniform(0.1, 1.0))
        d = float(rng.uniform(0.2, 3.0))
        ref.append([round(t, 6), round(t + d, 6)])
        t += d
    est = []
    for on, off in ref:
        if rng.random() < 0.85:
            a = on + float(rng.normal(0, 0.04))
            b = max(a + 0.05, off + float(rng.normal(0, 0.15)))
            est.append([round(a, 6), round(b, 6)])
    est.append([round(float(rng.uniform(0, t)), 6), round(t + 1, 6)])
    out.append(('jitter', ref, est, {}))
    out.append(('empty_estimate', ref[:5], [], {}))
    return out


def midi_notes(path, sustain=False):
    """The field's MIDI reading (copied from mir_eval_notes.py used for reported results), channel 0 only:
    (onset, offset, pitch, velocity) in seconds; with sustain, offsets extended while CC64 >= 64."""
    import mido
    mf = mido.MidiFile(path)
    t = 0.0
    active, notes, sustained, pedal = {}, [], [], False
    for msg in mf:
        t += msg.time
        if msg.type in ('note_on', 'note_off'):
            key = msg.note
            if msg.type == 'note_on' and msg.velocity > 0:
                if active.get(key):
                    on, vel = active[key].pop(0)
                    notes.append([on, t, key, vel])
                if sustain:
                    for i in list(sustained):
                        if notes[i][2] == key and notes[i][1] is None:
                            notes[i][1] = t
                            sustained.remove(i)
                active.setdefault(key, []).append([t, msg.velocity])
            elif active.get(key):
                on, vel = active[key].pop(0)
                if sustain and pedal:
                    notes.append([on, None, key, vel])
                    sustained.append(len(notes) - 1)
                else:
                    notes.append([on, t, key, vel])
        elif msg.type == 'control_change' and msg.control == 64 and sustain:
            down = msg.value >= 64
            if pedal and not down:
                for i in sustained:
                    notes[i][1] = t
                sustained = []
            pedal = down
    for key, lst in active.items():
        for on, vel in lst:
            notes.append([on, t, key, vel])
    for n in notes:
        if n[1] is None:
            n[1] = t
    return sorted(notes)


def sustain_case(rng, path):
    """Random notes on a few keys (so keys are re-struck, also while sustained) and pedal presses, written as MIDI
    (480 ticks per beat at 120 bpm: 1 tick = 1/960 s; notes on even ticks, pedal on odd ticks so no event ties)."""
    import mido
    events = []  # (tick, order, message)
    for _ in range(120):
        on = 2 * int(rng.integers(0, 9000))
        dur = 2 * int(rng.integers(20, 700))
        pitch = int(rng.choice([60, 62, 64, 65, 67]))
        events.append((on, 1, mido.Message('note_on', note=pitch, velocity=int(rng.integers(1, 128)))))
        events.append((on + dur, 0, mido.Message('note_off', note=pitch, velocity=0)))
    pedals, tick = [], 1
    while True:
        tick += 2 * int(rng.integers(50, 900))
        length = 2 * int(rng.integers(100, 1500))
        if tick + length > 19000:
            break
        pedals.append([tick / 960.0, (tick + length) / 960.0])
        events.append((tick, 2, mido.Message('control_change', control=64, value=int(rng.integers(64, 128)))))
        events.append((tick + length, 2, mido.Message('control_change', control=64, value=int(rng.integers(0, 64)))))
        tick += length
    events.sort(key=lambda e: (e[0], e[1]))
    mf = mido.MidiFile(ticks_per_beat=480)
    track = mido.MidiTrack()
    mf.tracks.append(track)
    last = 0
    for tk, _, msg in events:
        track.append(msg.copy(time=tk - last))
        last = tk
    mf.save(path)
    raw = midi_notes(path, sustain=False)
    sustained = midi_notes(path, sustain=True)
    return raw, pedals, sustained


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'PianoTranscription.Tests', 'Fixtures', 'Evaluation')
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(20260522)

    def write(kind, name, ref, est, opt_over, expected):
        opt = dict(DEFAULTS, **opt_over)
        doc = dict(name=name, kind=kind, mir_eval=mir_eval.__version__, options=opt,
                   reference=ref, estimate=est, expected=expected)
        with open(os.path.join(out_dir, f'{kind}_{name}.json'), 'w') as f:
            json.dump(doc, f, separators=(',', ':'))
        print(f'{kind}_{name}: ref {len(ref)} est {len(est)} ' +
              ' '.join(f'{k}={v[2]:.4f}' for k, v in expected.items() if not k.startswith('matching')))

    for name, ref, est, opt in cases(rng):
        perm = rng.permutation(len(est))  # store estimates unsorted: the evaluator must sort like the field
        est = [est[i] for i in perm]
        write('notes', name, ref, est, opt, score(ref, est, dict(DEFAULTS, **opt)))
    for name, ref, est, opt in pedal_cases(rng):
        as_notes = lambda iv: [[a, b, 64, 64] for a, b in iv]  # noqa: E731
        write('pedal', name, ref, est, opt, score(as_notes(ref), as_notes(est), dict(DEFAULTS, **opt), velocity=False))
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        raw, pedals, sustained = sustain_case(rng, os.path.join(tmp, 'sustain.mid'))
    changed = sum(1 for a, b in zip(raw, sorted(sustained)) if a != b)
    with open(os.path.join(out_dir, 'sustain_extension.json'), 'w') as f:
        json.dump(dict(description='notes (raw note-off offsets) and pedal presses read from one MIDI file by the '
                                   'field script, and the notes it reads with --sustain',
                       notes=raw, pedals=pedals, expected=sustained), f, separators=(',', ':'))
    print(f'sustain_extension: {len(raw)} notes, {len(pedals)} presses, {changed} offsets differ after sorting')


if __name__ == '__main__':
    main()
