"""Render the music-analysis data set: 9 s items with per-second presence labels for the 12 instruments + "other".

One manifest serves both analysis models (PianoDetector: solo piano / piano with others / no piano, derived from the
labels; InstrumentRecognizer: the 12 instrument presences). Sources (all installed packages or own renders; no
downloads):

  SoundFonts (FluidSynth, 16 kHz mono, reverb/chorus off)
    FluidR3_GM (MIT)              TRAIN  every class except nothing
    MuseScore_General (MIT)       TRAIN  non-piano classes; its piano is VALIDATION only (the transcription model's
                                         validation piano, never trained on)
    TimGM6mb (GPL-2)              VALIDATION only, every class (not trained on: licence)
    OPL-3_FM_128M (CC BY-SA 4.0)  VALIDATION only, as "other" (FM synthesis imitations are not the real instrument)
  Salamander Grand Piano V3 (CC BY 3.0; training/synth/pianos.py sampler)   TRAIN piano
  MAPS pianos (../shared/data/maps-synth)  TRAIN 5 pianos, VALIDATION AkPnStgb and SptkBGCl
  sonic-pi-samples (CC0, freesound)  drums / electric guitar / other, split by sample family
  espeak-ng speech (GPL-3 program; the speech is generated)  voice, split by language voice
  synthetic noise (white/pink/brown/hum)  other
  "Other" GM programs (strings ensembles, brass, reeds, synths, chromatic percussion, ...): a set of whole
  programs is held out for validation (HELDOUT_OTHER).
Mixtures: sums of 2-3 solo items of one split at random gains; per-second labels from each stem's loudness.

Material: POP909 tracks (MELODY, BRIDGE, PIANO) and generated phrases, fitted to each instrument's range; drums are
generated grooves on GM channel 10.

Third round (a third random stream, after everything else): pedalled and reverberant solo piano from the training
pianos, chordal material on trumpet/saxophone/flute/violin/cello/organ, and the same kinds from sf_GMbank in the dev
split (--no-third leaves it out: the second round's set).

Fourth round (a fourth random stream, after the third): chordal organ (church organ weighted) and trumpet items,
chordal organ-like "other" timbres, organ/trumpet + piano mixtures; the same from sf_GMbank in the dev split
(--no-fourth leaves it out: the third round's set).

Seventh round (a fifth random stream, after the fourth; training only): STK physical models (stk-demo) and LMMS's
recorded single-note samples through a small sampler, for the 12 classes and "other", and their mixtures with the
training pianos (--no-seventh leaves it out: the fourth round's set, the data of rounds 5 and 6).

Usage: /usr/bin/python3 render.py OUT_DIR [--seed 14] [--scale 1.0] [--no-extra] [--no-third] [--no-fourth] [--no-seventh]
Writes OUT_DIR/wav/<id>.wav and OUT_DIR/manifest.json.
"""
import argparse
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
import warnings

import mido
import numpy as np
import scipy.io.wavfile as wavfile
import scipy.signal as sps

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'synth'))
import pianos  # noqa: E402  (the Salamander sampler)

SR = 16000
ITEM_S = 9
GAP_S = 3
INSTRUMENTS = ['electric_bass', 'cello', 'drums', 'flute', 'acoustic_guitar', 'electric_guitar', 'organ', 'piano',
               'saxophone', 'trumpet', 'violin', 'voice']
LABELS = INSTRUMENTS + ['other']

# class -> (GM programs, pitch range, monophonic)
GM = {
    'electric_bass': ([33, 34, 35], (28, 55), True),
    'cello': ([42], (36, 72), True),
    'flute': ([73], (60, 96), True),
    'acoustic_guitar': ([24, 25], (40, 84), False),
    'electric_guitar': ([26, 27, 28, 29, 30], (40, 86), False),
    'organ': ([16, 17, 18, 19], (36, 96), False),
    'piano': ([0, 1], (21, 108), False),
    'saxophone': ([64, 65, 66, 67], (46, 81), True),
    'trumpet': ([56], (54, 84), True),
    'violin': ([40], (55, 100), True),
    'voice': ([52, 53], (48, 79), False),
}
# "Other" (no piano, none of the 12) GM programs, split by whole instrument: the held-out programs are never trained
# on. Left out as ambiguous: 2-7 (electric grand, honky-tonk, electric pianos, harpsichord, clavinet), 41 viola,
# 43 contrabass, 54 synth voice.
OTHER_TRAIN = [8, 9, 11, 12, 20, 32, 46, 48, 49, 50, 57, 60, 61, 68, 71, 74, 80, 81, 88, 89, 90, 104, 105, 114]
HELDOUT_OTHER = [10, 13, 21, 22, 47, 51, 58, 62, 69, 70, 72, 75, 82, 87, 91, 95, 106, 107, 108, 109]
FLUIDR3 = '/usr/share/sounds/sf2/FluidR3_GM.sf2'
MUSESCORE = '/usr/share/sounds/sf3/MuseScore_General.sf3'
TIMGM = '/usr/share/sounds/sf2/TimGM6mb.sf2'
OPL3 = '/usr/share/sounds/sf2/OPL-3_FM_128M.sf2'
MAPS_VAL = ['AkPnStgb', 'SptkBGCl']
# Extra training timbres (added after the first scoring; rendered from a second random stream AFTER every item of the
# original set, so the original train/val items - and so the held-out split - are rendered exactly as before).
# DEV: a development split carved out of training-type sources (a whole GM bank and two drum kits), never trained on,
# used to choose the model and its settings; the held-out ("val") split is only scored.
GMBANK = '/usr/share/sounds/sf2/sf_GMbank.sf2'          # csound-soundfont, public domain: DEV (every class)
FLUIDMONO = '/usr/share/sounds/sf3/FluidR3Mono_GM.sf3'  # fluidr3mono-gm-soundfont, MIT: TRAIN (every class)
FREEPATS = 'timidity:/etc/timidity/freepats.cfg'        # freepats GUS patches, GPL-2+ with exception: TRAIN
AVL = '/usr/share/sounds/sf2/%s_4_LV2.sf2'              # avldrums.lv2-soundfont, CC BY-SA 3.0 (Glen MacArthur)
AVL_TRAIN, AVL_DEV = ['Black_Pearl'], ['Red_Zeppelin']
HYDROGEN = '/usr/share/hydrogen/data/drumkits'          # hydrogen-drumkits (GPL-2 / CC BY(-SA) 3.0 / CC0 per kit)
HYDROGEN_TRAIN = ['Audiophob', 'BJA_Pacific', 'ColomboAcousticDrumkit', 'ElectricEmpireKit', 'ForzeeStereo',
                  'HardElectro1', 'Millo-Drums_v.1', 'Millo_MultiLayered2', 'The Black Pearl 1.0', 'VariBreaks']
HYDROGEN_DEV = ['Millo_MultiLayered3', 'rumpf_kit_z01_h2']  # circAfrique (hand percussion), Gimme A Hand (claps): left out
FREEPATS_PROGRAMS = [0, 1, 2, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 19, 21, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 35,
                     36, 37, 38, 40, 42, 44, 45, 46, 47, 48, 53, 56, 57, 58, 59, 60, 61, 64, 65, 66, 67, 68, 69, 70, 71,
                     72, 73, 74, 75, 76, 79, 80, 84, 88, 94, 95, 98, 101, 102, 104, 114, 115, 120, 122, 125]
SONIC = '/usr/share/sonic-pi/samples'
ESPEAK_TRAIN = ['en-us', 'de', 'es', 'it', 'pt', 'ru', 'pl', 'nl']
ESPEAK_VAL = ['fr', 'sv', 'cs', 'en-gb']
WORDS = ('the music plays softly in the evening while the rain falls on old streets and people talk about the '
         'weather the train the market a small house near the river tomorrow we will travel north seven apples '
         'three bright windows a letter arrived this morning please open the door quickly').split()


# ---------------------------------------------------------------- material
class Pop909:
    def __init__(self, root, rng):
        self.files = sorted(glob.glob(os.path.join(root, '*.mid')))
        self.rng = rng
        self.cache = {}

    def song(self, path):
        if path not in self.cache:
            m = mido.MidiFile(path)
            tempo = [(0, 500000)]
            for tr in m.tracks:
                t = 0
                for msg in tr:
                    t += msg.time
                    if msg.type == 'set_tempo':
                        tempo.append((t, msg.tempo))
            tempo.sort()

            def sec(tick):
                s, last_t, last_tempo = 0.0, 0, 500000
                for tt, tp in tempo:
                    if tt > tick:
                        break
                    s += (tt - last_t) * last_tempo / 1e6 / m.ticks_per_beat
                    last_t, last_tempo = tt, tp
                return s + (tick - last_t) * last_tempo / 1e6 / m.ticks_per_beat

            tracks = {}
            for tr in m.tracks:
                t, active, notes = 0, {}, []
                for msg in tr:
                    t += msg.time
                    if msg.type == 'note_on' and msg.velocity > 0:
                        active[msg.note] = (t, msg.velocity)
                    elif msg.type in ('note_off', 'note_on') and msg.note in active:
                        on, v = active.pop(msg.note)
                        notes.append((on, t, msg.note, v))
                if notes:
                    tracks[tr.name] = np.array([(sec(a), sec(b), p, v) for a, b, p, v in notes], np.float64)
            self.cache[path] = tracks
        return self.cache[path]

    def excerpt(self, track):
        for _ in range(50):
            tracks = self.song(self.rng.choice(self.files))
            if track not in tracks:
                continue
            n = tracks[track]
            t0 = self.rng.uniform(n[:, 0].min(), max(n[:, 0].min(), n[:, 0].max() - ITEM_S))
            sel = n[(n[:, 0] >= t0) & (n[:, 0] < t0 + ITEM_S - 0.3)].copy()
            if len(sel) >= 6:
                sel[:, :2] -= t0
                sel[:, 1] = np.minimum(sel[:, 1], ITEM_S)
                return sel
        raise RuntimeError('no POP909 excerpt')


def generated_phrase(rng, poly):
    """A random phrase in a random major/minor scale: stepwise melody, or arpeggios/block chords when poly."""
    tonic = rng.randrange(12) + 60
    scale = [0, 2, 4, 5, 7, 9, 11] if rng.random() < 0.5 else [0, 2, 3, 5, 7, 8, 10]
    beat = 60.0 / rng.uniform(70, 150)
    notes, t, deg = [], 0.0, rng.randrange(7)
    style = rng.choice(['melody', 'arpeggio', 'chords']) if poly else 'melody'
    while t < ITEM_S - 0.5:
        dur = beat * rng.choice([0.5, 0.5, 1, 1, 1, 2] if style != 'arpeggio' else [0.25, 0.5])
        vel = rng.randint(50, 110)
        if style == 'chords':
            for k in (0, 2, 4, 7):
                d = deg + k
                notes.append((t, t + dur * 0.95, tonic - 12 + 12 * (d // 7) + scale[d % 7], vel))
            deg = (deg + rng.choice([3, 4, -3, 1])) % 7
        else:
            d = deg
            notes.append((t, t + dur * rng.uniform(0.6, 1.0), tonic + 12 * (d // 7) + scale[d % 7], vel))
            deg = max(-7, min(13, deg + rng.choice([-2, -1, -1, 1, 1, 2, 0, 3, -3] if style == 'melody' else [2, 2, 3, -4])))
        t += dur
    a = np.array(notes, np.float64)
    a[:, 1] = np.minimum(a[:, 1], ITEM_S)
    return a


def drum_groove(rng):
    """A generated GM drum groove (channel 10): kick/snare backbeat, hi-hats or ride, fills and crashes."""
    bpm = rng.uniform(70, 170)
    step = 60.0 / bpm / 4
    hat = rng.choice([42, 42, 44, 46, 51])
    notes, t, i = [], 0.0, 0
    while t < ITEM_S - 0.2:
        s = i % 16
        if s in (0, 8) or (s in (6, 10, 14) and rng.random() < 0.25):
            notes.append((t, t + 0.1, rng.choice([35, 36]), rng.randint(80, 120)))
        if s in (4, 12) or rng.random() < 0.04:
            notes.append((t, t + 0.1, rng.choice([38, 40, 37]), rng.randint(70, 120)))
        if s % 2 == 0 or rng.random() < 0.3:
            notes.append((t, t + 0.05, hat, rng.randint(40, 100)))
        if i % 64 >= 56 and rng.random() < 0.5:
            notes.append((t, t + 0.1, rng.choice([41, 43, 45, 47, 48, 50]), rng.randint(70, 110)))
        if s == 0 and i % 64 == 0 and rng.random() < 0.4:
            notes.append((t, t + 0.5, rng.choice([49, 57]), rng.randint(70, 110)))
        t += step
        i += 1
    return np.array(notes, np.float64)


def fit_range(notes, lo, hi, mono):
    """Transpose by octaves so the median pitch is mid-range, drop notes outside, and keep the top line when mono."""
    mid = (lo + hi) / 2
    shift = 12 * round((mid - np.median(notes[:, 2])) / 12)
    n = notes.copy()
    n[:, 2] += shift
    n = n[(n[:, 2] >= lo) & (n[:, 2] <= hi)]
    if mono and len(n):
        n = n[np.lexsort((-n[:, 2], n[:, 0]))]
        keep, last_on = [], -1
        for row in n:
            if row[0] - last_on > 0.03:
                keep.append(row.copy())
                last_on = row[0]
        n = np.array(keep)
        n[:-1, 1] = np.minimum(n[:-1, 1], n[1:, 0])  # a monophonic line: a note ends where the next begins
    return n


def material(rng, pop, cls):
    if cls == 'drums':
        return drum_groove(rng)
    programs, (lo, hi), mono = GM.get(cls, ([0], (36, 96), False))
    for _ in range(20):
        r = rng.random()
        if r < 0.35:
            n = pop.excerpt('MELODY')
        elif r < 0.65:
            n = pop.excerpt('PIANO' if not mono else rng.choice(['MELODY', 'BRIDGE']))
        else:
            n = generated_phrase(rng, not mono)
        n = fit_range(n, lo, hi, mono)
        if len(n) >= 4:
            return n
    raise RuntimeError('no material for ' + cls)


# ---------------------------------------------------------------- rendering
def render_batch(sf, jobs, td):
    """jobs: [(program, notes, drums)] -> list of float32 arrays (ITEM_S s each), one synthesizer run for all:
    FluidSynth for a SoundFont path, TiMidity++ for 'timidity:CONFIG' (GUS patches, e.g. freepats)."""
    tpb, tempo = 480, 500000
    tps = tpb * 1e6 / tempo
    mid = mido.MidiFile(ticks_per_beat=tpb)
    tr = mido.MidiTrack()
    mid.tracks.append(tr)
    tr.append(mido.MetaMessage('set_tempo', tempo=tempo, time=0))
    events = []
    for k, job in enumerate(jobs):
        prog, notes, drums = job[:3]
        base = k * (ITEM_S + GAP_S)
        ch = 9 if drums else 0
        if not drums:
            events.append((base, 0, mido.Message('program_change', channel=0, program=int(prog))))
        for down, up in (job[3] if len(job) > 3 else []):  # sustain pedal (CC 64) segments
            events.append((base + down + 0.005, 0, mido.Message('control_change', channel=ch, control=64, value=127)))
            events.append((base + min(up, ITEM_S - 0.01), 0, mido.Message('control_change', channel=ch, control=64, value=0)))
        for on, off, p, v in notes:
            events.append((base + on + 0.01, 2, mido.Message('note_on', channel=ch, note=int(p), velocity=int(v))))
            events.append((base + max(off, on + 0.03), 1, mido.Message('note_off', channel=ch, note=int(p), velocity=0)))
        events.append((base + ITEM_S, 1, mido.Message('control_change', channel=ch, control=64, value=0)))
        events.append((base + ITEM_S, 1, mido.Message('control_change', channel=ch, control=123, value=0)))
    events.sort(key=lambda e: (e[0], e[1]))
    last = 0
    for t, _, msg in events:
        tick = int(round(t * tps))
        tr.append(msg.copy(time=tick - last))
        last = tick
    mp = os.path.join(td, 'batch.mid')
    wp = os.path.join(td, 'batch.wav')
    mid.save(mp)
    if sf.startswith('timidity:'):
        subprocess.run(['timidity', '-c', sf[len('timidity:'):], '-Ow', '--output-mono', '-s', str(SR), '-EFreverb=0',
                        '-EFchorus=0', '-o', wp, mp], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        subprocess.run(['fluidsynth', '-ni', '-q', '-g', '0.5', '-R', '0', '-C', '0', '-F', wp, '-r', str(SR), sf, mp],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, x = wavfile.read(wp)
    x = x.astype(np.float32) / 32768.0
    if x.ndim > 1:
        x = x.mean(axis=1)
    out = []
    for k in range(len(jobs)):
        s = k * (ITEM_S + GAP_S) * SR
        seg = x[s:s + ITEM_S * SR]
        out.append(np.pad(seg, (0, ITEM_S * SR - len(seg))))
    return out


def load_audio(path):
    with tempfile.TemporaryDirectory() as td:
        w = os.path.join(td, 'x.wav')
        subprocess.run(['sox', path, '-r', str(SR), '-c', '1', '-b', '16', w], check=True, stderr=subprocess.DEVNULL)
        _, x = wavfile.read(w)
    return x.astype(np.float32) / 32768.0


def transpose(x, rate):
    """x played back rate times faster (linear interpolation): a pitch shift of 12 log2(rate) semitones."""
    return np.interp(np.arange(0, len(x) - 1, rate), np.arange(len(x)), x).astype(np.float32)


def sonic_item(rng, files, loop):
    """9 s from sonic-pi samples: a loop tiled from a random start, or one-shots at random times and rates."""
    y = np.zeros(ITEM_S * SR, np.float32)
    if loop:
        x = load_audio(rng.choice(files))
        x = np.tile(x, int(np.ceil(len(y) / max(len(x), 1))) + 1)
        s = rng.randrange(max(1, len(x) - len(y)))
        return x[s:s + len(y)]
    t = 0
    shots = [load_audio(f) for f in rng.sample(files, min(len(files), 4))]
    while t < len(y):
        x = rng.choice(shots)
        x = transpose(x, 2 ** (rng.uniform(-3, 3) / 12))
        n = min(len(x), len(y) - t)
        y[t:t + n] += x[:n] * rng.uniform(0.3, 1.0)
        t += int(rng.uniform(0.12, 0.8) * SR)
    return y


def speech_item(rng, voice, td):
    text = ' '.join(rng.choice(WORDS) for _ in range(40))
    w = os.path.join(td, 'speech.wav')
    subprocess.run(['espeak-ng', '-v', voice, '-s', str(rng.randint(120, 200)), '-p', str(rng.randint(20, 80)),
                    '-w', w, text], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sr, x = wavfile.read(w)
    x = x.astype(np.float32) / 32768.0
    x = sps.resample_poly(x, SR, sr).astype(np.float32)
    s = rng.randrange(max(1, len(x) - ITEM_S * SR))
    return np.pad(x[s:s + ITEM_S * SR], (0, max(0, ITEM_S * SR - len(x[s:]))))[:ITEM_S * SR]


def noise_item(rng):
    n = ITEM_S * SR
    kind = rng.choice(['white', 'pink', 'brown', 'hum'])
    w = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(n).astype(np.float32)
    if kind == 'pink':
        w = sps.lfilter([0.049922035, -0.095993537, 0.050612699, -0.004408786], [1, -2.494956002, 2.017265875, -0.522189400], w)
    elif kind == 'brown':
        w = np.cumsum(w)
        w -= sps.savgol_filter(w, 4001, 1)
    elif kind == 'hum':
        f0 = rng.choice([50, 60])
        t = np.arange(n) / SR
        w = sum(np.sin(2 * np.pi * f0 * k * t + rng.random() * 6) / k for k in range(1, 8)) + 0.05 * w
    return (w / (np.abs(w).max() + 1e-9)).astype(np.float32), kind


def maps_item(rng, opus):
    dur = float(subprocess.run(['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', opus],
                               capture_output=True, text=True).stdout.strip() or 30)
    s = rng.uniform(0, max(0, dur - ITEM_S - 1))
    r = subprocess.run(['ffmpeg', '-v', 'error', '-ss', '%.2f' % s, '-t', str(ITEM_S), '-i', opus, '-ac', '1', '-ar',
                        str(SR), '-f', 's16le', '-'], capture_output=True, check=True)
    x = np.frombuffer(r.stdout, np.int16).astype(np.float32) / 32768.0
    return np.pad(x, (0, max(0, ITEM_S * SR - len(x))))[:ITEM_S * SR]


def salamander_item(rng, pop, td, pedal=False):
    n = material(rng, pop, 'piano')
    z = os.path.join(td, 'sal.npz')
    np.savez(z, notes=n, pedal=np.array(pedal_segments(rng), np.float64).reshape(-1, 2) if pedal else np.zeros((0, 2)))
    w = os.path.join(td, 'sal.wav')
    pianos.render_salamander(z, w, rng)
    _, x = wavfile.read(w)
    x = x.astype(np.float32) / 32768.0
    return np.pad(x, (0, max(0, ITEM_S * SR - len(x))))[:ITEM_S * SR]


_KIT_CACHE = {}


def kit_item(rng, kit):
    """9 s of a generated groove played with a Hydrogen drum kit's recorded samples (matched by file name)."""
    if kit not in _KIT_CACHE:
        files = sorted(f for e in ('wav', 'flac', 'aiff') for f in glob.glob(os.path.join(HYDROGEN, kit, '*.' + e)))
        cats = {'kick': r'kick|bd|bass ?drum|kik', 'snare': r'snare|sn|rim|clap', 'hat': r'hat|hh|ride',
                'tom': r'tom', 'crash': r'crash|cym|china|splash'}
        import re
        by = {c: [f for f in files if re.search(r, os.path.basename(f).lower())] for c, r in cats.items()}
        by['any'] = files
        _KIT_CACHE[kit] = {c: [load_audio(f)[:2 * SR] for f in fs[:6]] for c, fs in by.items() if fs}
    k = _KIT_CACHE[kit]
    cat = {35: 'kick', 36: 'kick', 37: 'snare', 38: 'snare', 40: 'snare', 42: 'hat', 44: 'hat', 46: 'hat', 51: 'hat',
           49: 'crash', 57: 'crash'}
    pick = {c: rng.choice(v) for c, v in k.items()}  # one sample per category for the item
    y = np.zeros(ITEM_S * SR + 2 * SR, np.float32)
    for on, _, p, v in drum_groove(rng):
        x = pick.get(cat.get(int(p), 'tom'), pick['any'])
        s = int(on * SR)
        y[s:s + len(x)] += x * (v / 127.0)
    return y[:ITEM_S * SR]


def augment(rng, x):
    """Cheap timbre/room augmentation of one stem (training items only): a spectral tilt or a peaking band, a
    low-pass (band limit), a synthetic room (exponentially decaying noise), a small detune, a compressor."""
    n = len(x)
    if rng.random() < 0.5:  # tilt: a first-order shelf, +-6 dB
        a = rng.uniform(-0.6, 0.6)
        x = sps.lfilter([1, -a], [1], x) / (1 + abs(a))
    if rng.random() < 0.4:  # peaking band (RBJ biquad), +-9 dB at 150-5000 Hz
        f0, gdb, q = 10 ** rng.uniform(np.log10(150), np.log10(5000)), rng.uniform(-9, 9), rng.uniform(0.5, 2)
        A, w = 10 ** (gdb / 40), 2 * np.pi * f0 / SR
        al = np.sin(w) / (2 * q)
        b = [1 + al * A, -2 * np.cos(w), 1 - al * A]
        aa = [1 + al / A, -2 * np.cos(w), 1 - al / A]
        x = sps.lfilter(b, aa, x)
    if rng.random() < 0.3:  # band limit
        x = sps.sosfilt(sps.butter(4, rng.uniform(2500, 7500), fs=SR, output='sos'), x)
    if rng.random() < 0.4:  # room: decaying noise impulse response, RT60 0.2-1.2 s, wet 0.1-0.5
        rt = rng.uniform(0.2, 1.2)
        t = np.arange(int(rt * SR)) / SR
        ir = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(len(t)) * np.exp(-6.9 * t / rt)
        ir /= np.sqrt(np.sum(ir ** 2))
        wet = sps.fftconvolve(x, ir)[:n]
        m = rng.uniform(0.1, 0.5)
        x = (1 - m) * x + m * wet * (np.std(x) / (np.std(wet) + 1e-9))
    if rng.random() < 0.3:  # detune +-25 cents
        r = 2 ** (rng.uniform(-25, 25) / 1200)
        x = np.interp(np.arange(n) * r, np.arange(n), x, right=0.0)
    if rng.random() < 0.3:  # compressor: smoothed envelope, ratio 2-6 above the median level
        env = np.sqrt(sps.lfilter([0.002], [1, -0.998], x * x) + 1e-10)
        th = np.median(env)
        ratio = rng.uniform(2, 6)
        g = np.where(env > th, (env / th) ** (1 / ratio - 1), 1.0)
        x = x * g
    return np.asarray(x, np.float32)


def extra_items(a, rng, pop):
    """The extra sources (TRAIN and DEV), then mixtures of them with the original training items."""
    out = []

    def add(split, source, family, labels, audio):
        out.append({'split': split, 'source': source, 'family': family, 'stems': [(labels, audio)]})

    def n_of(k):
        return max(1, int(round(k * a.scale)))

    with tempfile.TemporaryDirectory() as td:
        fp = set(FREEPATS_PROGRAMS)
        plan = [(FLUIDMONO, 'FluidR3Mono_GM', 'train', 6, {c: GM[c][0] for c in GM}, OTHER_TRAIN),
                (FREEPATS, 'freepats', 'train', 12, {c: [p for p in GM[c][0] if p in fp] for c in GM},
                 [p for p in OTHER_TRAIN if p in fp]),
                (GMBANK, 'sf_GMbank', 'dev', 6, {c: GM[c][0] for c in GM}, OTHER_TRAIN)]
        for sf, sf_name, split, per, progs, others in plan:
            jobs, meta = [], []
            for cls, pr in progs.items():  # the dev bank's piano x3: its solo-piano class would be 6 files otherwise
                for _ in range(n_of(per * (3 if cls == 'piano' and split == 'dev' else 1)) if pr else 0):
                    prog = rng.choice(pr)
                    jobs.append((prog, material(rng, pop, cls), False))
                    meta.append((cls, 'program %d' % prog))
            if sf != FREEPATS:  # TiMidity's freepats drum set is sparse; drums come from the kits below
                for _ in range(n_of(per)):
                    jobs.append((0, material(rng, pop, 'drums'), True))
                    meta.append(('drums', 'drum kit'))
            for _ in range(n_of(len(others) * (0.8 if split == 'train' else 0.6))):
                prog = rng.choice(others)
                jobs.append((prog, fit_range(material(rng, pop, 'other'), 24, 100, False), False))
                meta.append(('other', 'program %d' % prog))
            print('render %s (%s): %d items' % (sf_name, split, len(jobs)), flush=True)
            for b in range(0, len(jobs), 40):
                for (cls, fam), x in zip(meta[b:b + 40], render_batch(sf, jobs[b:b + 40], td)):
                    add(split, sf_name, fam, [cls], x)
        for kits, split in ((AVL_TRAIN, 'train'), (AVL_DEV, 'dev')):  # their kit is preset 0 of bank 0: channel 1
            for kit in kits:
                jobs = [(0, material(rng, pop, 'drums'), False) for _ in range(n_of(8))]
                for x in render_batch(AVL % kit, jobs, td):
                    add(split, 'avldrums', kit, ['drums'], x)
        for kits, split in ((HYDROGEN_TRAIN, 'train'), (HYDROGEN_DEV, 'dev')):
            for kit in kits:
                for _ in range(n_of(3 if split == 'train' else 4)):
                    add(split, 'hydrogen-drumkits', kit, ['drums'], kit_item(rng, kit))
        print('extra sources done', flush=True)
    return out


def pedal_segments(rng):
    """Sustain-pedal segments over an item, changed every 1-4 s (legato pedalling: up for 50-150 ms at each change)."""
    out, t = [], rng.uniform(0, 0.5)
    while t < ITEM_S - 0.3:
        d = rng.uniform(1.0, 4.0)
        out.append((t, min(ITEM_S, t + d)))
        t += d + rng.uniform(0.05, 0.15)
    return out


def room(rng, x, rt=(0.8, 2.5), wet=(0.2, 0.6)):
    """A long synthetic room (exponentially decaying, slightly low-passed noise impulse response)."""
    n = len(x)
    r = rng.uniform(*rt)
    t = np.arange(int(r * SR)) / SR
    ir = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(len(t)) * np.exp(-6.9 * t / r)
    ir = sps.lfilter([0.5, 0.5], [1], ir)
    ir /= np.sqrt(np.sum(ir ** 2))
    w = sps.fftconvolve(x, ir)[:n]
    m = rng.uniform(*wet)
    return ((1 - m) * x + m * w * (np.std(x) / (np.std(w) + 1e-9))).astype(np.float32)


def poly_material(rng, pop, cls):
    """Chordal material (a POP909 piano track or generated chords/arpeggios) for any class, monophonic ones
    included: played as written (no top-line reduction), fitted to the instrument's range."""
    _, (lo, hi), _ = GM[cls]
    for _ in range(20):
        n = pop.excerpt('PIANO') if rng.random() < 0.6 else generated_phrase(rng, True)
        n = fit_range(n, lo - 12 if cls != 'organ' else lo, hi, False)
        if len(n) >= 4:
            return n
    raise RuntimeError('no chordal material for ' + cls)


def third_items(a, rng, pop):
    """Third round (issue 14, behaviour tests): pedalled and reverberant SOLO piano from the training pianos, and
    chordal material on the monophonic classes and the organ; the same kinds of item from sf_GMbank for the dev split."""
    out = []

    def add(split, source, family, labels, audio):
        out.append({'split': split, 'source': source, 'family': family, 'stems': [(labels, audio)]})

    def n_of(k):
        return max(1, int(round(k * a.scale)))

    chordal = ['trumpet', 'saxophone', 'flute', 'violin', 'cello', 'organ']
    with tempfile.TemporaryDirectory() as td:
        for _ in range(n_of(24)):  # Salamander, pedalled; two thirds in a long room
            x = salamander_item(rng, pop, td, pedal=True)
            add('train', 'Salamander', 'Salamander Grand V3 pedalled', ['piano'], room(rng, x) if rng.random() < 0.67 else x)
        by_piano = {}
        for f in sorted(glob.glob(os.path.join(a.maps, '*.opus'))):
            by_piano.setdefault(os.path.basename(f)[:-5].split('_')[-1], []).append(f)
        for p, files in sorted(by_piano.items()):
            if p not in MAPS_VAL:
                for _ in range(n_of(3)):
                    add('train', 'MAPS', p + ' room', ['piano'], room(rng, maps_item(rng, rng.choice(files))))
        fp = set(FREEPATS_PROGRAMS)
        plan = [(FLUIDR3, 'FluidR3_GM', 'train', 16, 6), (FLUIDMONO, 'FluidR3Mono_GM', 'train', 8, 4),
                (FREEPATS, 'freepats', 'train', 8, 4), (GMBANK, 'sf_GMbank', 'dev', 12, 4)]
        for sf, sf_name, split, n_piano, n_chordal in plan:
            jobs, meta = [], []
            for _ in range(n_of(n_piano)):
                prog = rng.choice(GM['piano'][0])
                jobs.append((prog, material(rng, pop, 'piano'), False, pedal_segments(rng)))
                meta.append(('piano', 'program %d pedalled' % prog))
            for cls in chordal:
                progs = [q for q in GM[cls][0] if sf != FREEPATS or q in fp]
                for _ in range(n_of(n_chordal) if progs else 0):
                    prog = rng.choice(progs)
                    jobs.append((prog, poly_material(rng, pop, cls), False, pedal_segments(rng) if rng.random() < 0.3 else []))
                    meta.append((cls, 'program %d chordal' % prog))
            print('render %s (%s, third round): %d items' % (sf_name, split, len(jobs)), flush=True)
            for b in range(0, len(jobs), 40):
                for (cls, fam), x in zip(meta[b:b + 40], render_batch(sf, jobs[b:b + 40], td)):
                    add(split, sf_name, fam, [cls], room(rng, x) if rng.random() < 0.5 else x)
        # more chordal training material (after the dev items above, which it does not change), MuseScore_General too
        for sf, sf_name in ((FLUIDR3, 'FluidR3_GM'), (MUSESCORE, 'MuseScore_General'), (FLUIDMONO, 'FluidR3Mono_GM'),
                            (FREEPATS, 'freepats')):
            jobs, meta = [], []
            for cls in chordal:
                progs = [q for q in GM[cls][0] if sf != FREEPATS or q in fp]
                for _ in range(n_of(6) if progs else 0):
                    prog = rng.choice(progs)
                    jobs.append((prog, poly_material(rng, pop, cls), False, pedal_segments(rng) if rng.random() < 0.3 else []))
                    meta.append((cls, 'program %d chordal' % prog))
            print('render %s (train, third round, chordal): %d items' % (sf_name, len(jobs)), flush=True)
            for b in range(0, len(jobs), 40):
                for (cls, fam), x in zip(meta[b:b + 40], render_batch(sf, jobs[b:b + 40], td)):
                    add('train', sf_name, fam, [cls], room(rng, x) if rng.random() < 0.5 else x)
    print('third round done', flush=True)
    return out


# Fourth round: church organ (GM 19) from the unseen SoundFont was heard as containing a piano by every model of
# rounds 3-4, and its trumpet often too. More chordal organ (church organ weighted) and trumpet items per training
# SoundFont, organ/trumpet + piano mixtures (so "organ" and "piano" are told apart when both sound), chordal
# organ-like "other" timbres (harmonium, string ensembles, pads), and the same kinds from sf_GMbank in the dev split.
ORGANLIKE_OTHER = [20, 48, 49, 50, 88, 89]  # all in OTHER_TRAIN


def fourth_items(a, rng, pop):
    """Fourth round (issue 14): chordal organ and trumpet, organ-like others, organ/trumpet + piano mixtures."""
    out = []

    def n_of(k):
        return max(1, int(round(k * a.scale)))

    fp = set(FREEPATS_PROGRAMS)
    plan = [(FLUIDR3, 'FluidR3_GM', 'train', 12, 6, 4, 6), (MUSESCORE, 'MuseScore_General', 'train', 12, 6, 4, 0),
            (FLUIDMONO, 'FluidR3Mono_GM', 'train', 12, 6, 4, 6), (FREEPATS, 'freepats', 'train', 8, 4, 4, 4),
            (GMBANK, 'sf_GMbank', 'dev', 8, 4, 3, 4)]
    with tempfile.TemporaryDirectory() as td:
        for sf, sf_name, split, n_organ, n_trumpet, n_other, n_piano in plan:
            jobs, meta = [], []
            organs = [q for q in GM['organ'][0] if sf != FREEPATS or q in fp]
            for k in range(n_of(n_organ)):
                prog = 19 if k % 2 == 0 and 19 in organs else rng.choice(organs)
                jobs.append((prog, poly_material(rng, pop, 'organ'), False))
                meta.append(('organ', 'program %d chordal' % prog))
            for _ in range(n_of(n_trumpet)):
                jobs.append((56, poly_material(rng, pop, 'trumpet') if rng.random() < 0.5 else material(rng, pop, 'trumpet'), False))
                meta.append(('trumpet', 'program 56'))
            others = [q for q in ORGANLIKE_OTHER if sf != FREEPATS or q in fp]
            for _ in range(n_of(n_other)):
                prog = rng.choice(others)
                jobs.append((prog, fit_range(poly_material(rng, pop, 'organ'), 24, 100, False), False))
                meta.append(('other', 'program %d chordal' % prog))
            for _ in range(n_of(n_piano) if n_piano else 0):  # piano stems for the mixtures below (none from
                # MuseScore_General: its piano is held out)
                jobs.append((0, material(rng, pop, 'piano'), False, pedal_segments(rng) if rng.random() < 0.5 else []))
                meta.append(('piano', 'program 0 (mixture stem)'))
            print('render %s (%s, fourth round): %d items' % (sf_name, split, len(jobs)), flush=True)
            rendered = []
            for b in range(0, len(jobs), 40):
                rendered += render_batch(sf, jobs[b:b + 40], td)
            stems = []
            for (cls, fam), x in zip(meta, rendered):
                x = room(rng, x) if rng.random() < 0.4 else x
                if cls == 'piano':
                    stems.append(x)
                else:
                    out.append({'split': split, 'source': sf_name, 'family': fam, 'stems': [([cls], x)]})
            solo = [it for it in out if it['source'] == sf_name and it['split'] == split and it['stems'][0][0] != ['other']]
            for x in stems:  # each piano stem with an organ or trumpet of the same SoundFont
                part = rng.choice(solo)
                out.append({'split': split, 'source': 'mix', 'family': sf_name + ' piano+' + part['stems'][0][0][0],
                            'stems': [(['piano'], x), part['stems'][0]]})
    print('fourth round done', flush=True)
    return out


# Seventh round (issue 14): timbres from two more kinds of source, for training only (the dev and held-out splits are
# unchanged), aimed at the classes the held-out split showed unseen timbres failing on (cello, violin, organ,
# electric guitar, flute, saxophone, trumpet):
#   STK, the Synthesis ToolKit (Debian stk: its stk-demo program renders a SKINI score; MIT-style licence, Perry R. Cook
#       and Gary P. Scavone): physical models, a different way of making each sound than any SoundFont sample
#   LMMS's recorded single-note samples (Debian lmms-common, GPL-2+), played by a small sampler (transposed within a
#       fifth or so of the sample's own pitch, so the timbre stays close to the recording)
# Electric pianos (STK Rhodey, Wurley) are left out as ambiguous, as for the SoundFonts.
STK_CLASSES = {  # class -> [(STK instrument, voices)]
    'cello': [('Bowed', 1)], 'violin': [('Bowed', 1)], 'flute': [('Flute', 1)], 'saxophone': [('Saxofony', 1)],
    'trumpet': [('Brass', 1)], 'organ': [('BeeThree', 8)], 'acoustic_guitar': [('StifKarp', 8), ('Plucked', 8)],
    'electric_guitar': [('StifKarp', 8), ('Plucked', 8)],  # through a distortion and a cabinet filter
}
STK_OTHER = [('Clarinet', 1), ('Recorder', 1), ('BlowBotl', 1), ('Sitar', 8), ('Mandolin', 8), ('TubeBell', 8),
             ('ModalBar', 8), ('Moog', 1), ('BandedWG', 8), ('FMVoices', 8), ('HevyMetl', 8), ('PercFlut', 8)]
LMMS = '/usr/share/lmms/samples'
LMMS_CLASSES = {  # class -> sample files (harpsichord01 is not decodable; e_piano_* left out as ambiguous)
    'cello': ['instruments/cello01'], 'violin': ['instruments/violin_fingered01', 'instruments/violin_double_stop01'],
    'organ': ['instruments/church_organ0%d' % k for k in (1, 2, 3, 4)] + ['instruments/e_organ01'],
    'flute': ['instruments/flute01'], 'trumpet': ['instruments/trumpet01'],
    'acoustic_guitar': ['instruments/steel_guitar01'],
    'electric_guitar': ['instruments/steel_guitar_%s_distorted01' % k for k in ('slight', 'medium', 'heavy')],
    'electric_bass': ['instruments/bassslap01', 'instruments/bassslap02', 'basses/bass01'],
    'piano': ['instruments/piano01', 'instruments/piano02'],
    'other': ['stringsnpads/%s' % k for k in ('strings01', 'heaven_strings01', 'orion_string01', 'space_strings01',
                                               'juno_pad01', 'bell_choir01', 'korg_poly6_drone01')]
             + ['instruments/violin_pizzicato01'],
}
SUSTAINED = {'cello', 'violin', 'organ', 'flute', 'trumpet', 'saxophone', 'other'}


def stk_item(rng, instrument, voices, notes, td):
    """One 9 s item from stk-demo: the notes as a SKINI score, a few of the model's controls randomised."""
    lines, last = [], 0.0
    for cc in (1, 2, 4, 11):  # modulation/vibrato depth, and two instrument-specific controls (e.g. bow pressure, position)
        lines.append('ControlChange 0.000000 1 %d %d' % (cc, rng.randint(20, 100)))
    ev = sorted([(on, 1, p, v) for on, off, p, v in notes] + [(max(off, on + 0.03), 0, p, v) for on, off, p, v in notes])
    for t, kind, p, v in ev:
        lines.append('%s %.6f 1 %d %d' % ('NoteOn' if kind else 'NoteOff', t - last, int(p), int(v) if kind else 64))
        last = t
    sk, w = os.path.join(td, 'stk.ski'), os.path.join(td, 'stk.wav')
    open(sk, 'w').write('\n'.join(lines) + '\n')
    subprocess.run(['stk-demo', instrument, '-n', str(voices), '-s', str(SR), '-ow', w, '-if', sk], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=td, timeout=60)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # stk-demo's header counts a few bytes more than it writes
        _, x = wavfile.read(w)
    x = x.astype(np.float32) / 32768.0
    return np.pad(x, (0, max(0, ITEM_S * SR - len(x))))[:ITEM_S * SR]


def distort(rng, x):
    """An electric-guitar chain: drive into tanh, then a guitar cabinet's band (about 90 Hz - 4.5 kHz)."""
    x = x / (np.abs(x).max() + 1e-9)
    y = np.tanh(x * rng.uniform(3, 20))
    y = sps.sosfilt(sps.butter(2, [rng.uniform(70, 120), rng.uniform(3500, 5500)], btype='band', fs=SR, output='sos'), y)
    return y.astype(np.float32)


_LMMS_CACHE = {}


def sampler_item(rng, files, notes, sustained):
    """Notes played with one-shot samples: each note the sample transposed by its interval from the phrase's median
    pitch, folded into -7..+5 semitones; sustained samples end at the note's end (50 ms fade), decaying ones ring on."""
    for f in files:
        if f not in _LMMS_CACHE:
            _LMMS_CACHE[f] = load_audio(os.path.join(LMMS, f + '.ogg'))
    smp = _LMMS_CACHE[rng.choice(files)]
    ref = np.median(notes[:, 2])
    y = np.zeros(ITEM_S * SR + 4 * SR, np.float32)
    for on, off, p, v in notes:
        d = (p - ref + 7) % 12 - 7
        x = transpose(smp, 2 ** (d / 12))
        n = min(len(x), int(((off - on) if sustained else (off - on + rng.uniform(0.2, 1.0))) * SR))
        if n < 16:
            continue
        x = x[:n].copy()
        f = min(n, int(0.05 * SR))
        x[n - f:] *= np.linspace(1, 0, f)
        s = int(on * SR)
        y[s:s + n] += x * (v / 127.0) ** 1.5
    return y[:ITEM_S * SR]


def seventh_items(a, rng, pop, pool):
    """Seventh round: STK physical models and LMMS samples (training only), and mixtures of them with training pianos
    (pool: the training items rendered before, the piano stems drawn from them)."""
    out = []

    def n_of(k):
        return max(1, int(round(k * a.scale)))

    def add(source, family, cls, x):
        out.append({'split': 'train', 'source': source, 'family': family, 'stems': [([cls], x)]})

    with tempfile.TemporaryDirectory() as td:
        for cls, models in STK_CLASSES.items():
            for k in range(n_of(10)):
                inst, voices = models[k % len(models)]
                n = poly_material(rng, pop, cls) if voices > 1 or rng.random() < 0.2 else material(rng, pop, cls)
                x = stk_item(rng, inst, max(voices, 4) if _overlaps(n) else voices, n, td)
                add('STK', inst + (' distorted' if cls == 'electric_guitar' else ''), cls,
                    distort(rng, x) if cls == 'electric_guitar' else x)
        for k in range(n_of(24)):
            inst, voices = STK_OTHER[k % len(STK_OTHER)]
            n = fit_range(poly_material(rng, pop, 'organ') if voices > 1 else material(rng, pop, 'other'), 30, 96, False)
            add('STK', inst, 'other', stk_item(rng, inst, voices, n, td))
        print('STK done', flush=True)
    for cls, files in LMMS_CLASSES.items():
        for _ in range(n_of(8 if cls != 'other' else 16)):
            key = cls if cls != 'other' else 'organ'
            n = poly_material(rng, pop, key) if not GM[key][2] or rng.random() < 0.3 else material(rng, pop, key)
            add('LMMS', os.path.basename(rng.choice(files)) if len(files) == 1 else cls + ' samples', cls,
                sampler_item(rng, files, n, cls in SUSTAINED))
    print('LMMS done', flush=True)
    for it in out:  # the same audio augmentation as the second round's training items
        if rng.random() < 0.6:
            it['stems'] = [(labs, augment(rng, x)) for labs, x in it['stems']]
    pianos_ = [it for it in pool if it['split'] == 'train' and len(it['stems']) == 1 and it['stems'][0][0] == ['piano']]
    solo = [it for it in out if it['stems'][0][0] not in (['piano'], ['other'])]
    for _ in range(n_of(40)):  # the new timbres with a training piano (the weak "piano with others" class)
        p, q = rng.choice(pianos_), rng.choice(solo)
        out.append({'split': 'train', 'source': 'mix', 'family': p['source'] + ' piano+' + q['source'] + ' ' +
                    q['stems'][0][0][0], 'stems': [p['stems'][0], q['stems'][0]]})
    print('seventh round done', flush=True)
    return out


def _overlaps(notes):
    """True when a phrase has overlapping notes (a chord), which a one-voice STK model would cut."""
    n = notes[np.argsort(notes[:, 0])]
    return bool(np.any(n[1:, 0] < n[:-1, 1] - 0.01))


def extra_mixtures(a, rng, pool_items, split, k, piano_share):
    pool = [it for it in pool_items if it['split'] == split and len(it['stems']) == 1]
    piano = [it for it in pool if it['stems'][0][0] == ['piano']]
    rest = [it for it in pool if it['stems'][0][0] != ['piano'] and it['source'] != 'noise']
    out = []
    for i in range(max(1, int(round(k * a.scale)))):
        with_piano = rng.random() < piano_share
        parts = ([rng.choice(piano)] if with_piano else []) + rng.sample(rest, rng.choice([1, 2]) + (0 if with_piano else 1))
        out.append({'split': split, 'source': 'mix', 'family': '+'.join(p['source'] for p in parts),
                    'stems': [(p['stems'][0][0], p['stems'][0][1]) for p in parts]})
    return out


# ---------------------------------------------------------------- labels and writing
def rms_db(x):
    return 10 * np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-12)


def second_labels(stems):
    """stems: [(labels, audio)]. Per 1 s: the labels of stems audible in that second (within 30 dB of the loudest
    stem there and above -65 dBFS); None for a silent second (mix below -60 dBFS: reported as silence, not classified)."""
    mix = sum(a for _, a in stems)
    out = []
    for k in range(ITEM_S):
        sl = slice(k * SR, (k + 1) * SR)
        if rms_db(mix[sl]) < -60:
            out.append(None)
            continue
        levels = [rms_db(a[sl]) for _, a in stems]
        top = max(levels)
        present = sorted({lab for (labs, _), lv in zip(stems, levels) if lv > top - 30 and lv > -65 for lab in labs})
        out.append(present)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--seed', type=int, default=14)
    ap.add_argument('--scale', type=float, default=1.0, help='multiplies the number of items per source')
    ap.add_argument('--pop909', default=os.path.join(os.path.dirname(os.path.dirname(HERE)), '..', 'shared', 'data', 'pop909'))
    ap.add_argument('--maps', default=os.path.join(os.path.dirname(os.path.dirname(HERE)), '..', 'shared', 'data', 'maps-synth'))
    ap.add_argument('--salamander-work', default='/work/main/training/work',
                    help='folder holding salamander16k.npz (training/work of the main checkout)')
    ap.add_argument('--no-extra', action='store_true', help='only the original (first-scoring) set, without the extra '
                    'training sources, the dev split and the augmentation')
    ap.add_argument('--no-fourth', action='store_true', help='without the fourth round (chordal organ and trumpet, '
                    'organ-like others, organ/trumpet + piano mixtures): the third round\'s set')
    ap.add_argument('--no-seventh', action='store_true', help='without the seventh round (STK physical models and '
                    'LMMS samples, training only): the fourth round\'s set (the data of rounds 5 and 6)')
    ap.add_argument('--no-third', action='store_true', help='without the third round (pedalled/reverberant piano, '
                    'chordal material on the monophonic classes): the second round\'s set')
    a = ap.parse_args()
    pianos.WORK = a.salamander_work
    pianos.SALAMANDER_DIR = os.path.join(a.salamander_work, 'npm', 'node_modules', '@audio-samples')
    rng = random.Random(a.seed)
    np.random.seed(a.seed)
    pop = Pop909(a.pop909, rng)
    os.makedirs(os.path.join(a.out, 'wav'), exist_ok=True)
    items = []  # dicts with audio (dropped before writing the manifest)

    def n_of(k):
        return max(1, int(round(k * a.scale)))

    def add(split, source, family, labels, audio):
        items.append({'split': split, 'source': source, 'family': family, 'stems': [(labels, audio)]})

    with tempfile.TemporaryDirectory() as td:
        # SoundFont renders
        plan = [(FLUIDR3, 'FluidR3_GM', 'train', [c for c in GM] + ['drums'], OTHER_TRAIN),
                (MUSESCORE, 'MuseScore_General', 'train', [c for c in GM if c != 'piano'] + ['drums'], OTHER_TRAIN),
                (MUSESCORE, 'MuseScore_General', 'val', ['piano'], []),
                (TIMGM, 'TimGM6mb', 'val', [c for c in GM] + ['drums'], HELDOUT_OTHER),
                (OPL3, 'OPL-3_FM_128M', 'val', [], HELDOUT_OTHER + OTHER_TRAIN)]
        for sf, sf_name, split, classes, others in plan:
            jobs, meta = [], []
            per = n_of(14 if split == 'train' else 6)
            for cls in classes:
                for _ in range(per * (2 if cls == 'piano' and split == 'val' else 1)):
                    prog = rng.choice(GM[cls][0]) if cls in GM else 0
                    jobs.append((prog, material(rng, pop, cls), cls == 'drums'))
                    meta.append((cls, 'program %d' % prog if cls != 'drums' else 'drum kit'))
            for _ in range(n_of(len(others) * (1 if split == 'train' else 0.6)) if others else 0):
                prog = rng.choice(others)
                jobs.append((prog, fit_range(material(rng, pop, 'other'), 24, 100, False), False))
                meta.append(('other', 'program %d' % prog))
            print('render %s (%s): %d items' % (sf_name, split, len(jobs)), flush=True)
            for b in range(0, len(jobs), 40):
                for (cls, fam), x in zip(meta[b:b + 40], render_batch(sf, jobs[b:b + 40], td)):
                    add(split, sf_name, fam, [cls], x)
        # pianos: Salamander sampler and MAPS
        for _ in range(n_of(30)):
            add('train', 'Salamander', 'Salamander Grand V3', ['piano'], salamander_item(rng, pop, td))
        by_piano = {}
        for f in sorted(glob.glob(os.path.join(a.maps, '*.opus'))):
            by_piano.setdefault(os.path.basename(f)[:-5].split('_')[-1], []).append(f)
        for p, files in sorted(by_piano.items()):
            split = 'val' if p in MAPS_VAL else 'train'
            for _ in range(n_of(7)):
                add(split, 'MAPS', p, ['piano'], maps_item(rng, rng.choice(files)))
        print('pianos done', flush=True)
        # sonic-pi samples: (family glob, label, loop, split)
        fam = [('loop_amen*', 'drums', True, 'train'), ('bd_*', 'drums', False, 'train'), ('sn_*', 'drums', False, 'train'),
               ('loop_breakbeat*', 'drums', True, 'val'), ('drum_*', 'drums', False, 'val'),
               ('guit_e_fifths*', 'electric_guitar', True, 'train'), ('guit_em9*', 'electric_guitar', True, 'train'),
               ('guit_e_slide*', 'electric_guitar', True, 'val'),
               ('ambi_[dglhs]*', 'other', False, 'train'), ('tabla_*', 'other', False, 'train'),
               ('loop_tabla*', 'other', True, 'train'), ('perc_*', 'other', False, 'train'),
               ('vinyl_*', 'other', False, 'train'), ('mehackit_*', 'other', False, 'train'),
               ('loop_industrial*', 'other', True, 'train'), ('loop_3d_printer*', 'other', True, 'train'),
               ('elec_*', 'other', False, 'val'), ('glitch_*', 'other', False, 'val'),
               ('loop_safari*', 'other', True, 'val'), ('loop_garzul*', 'other', True, 'val')]
        for pattern, lab, loop, split in fam:
            files = sorted(glob.glob(os.path.join(SONIC, pattern + '.flac')))
            for _ in range(n_of(4 if split == 'train' else 3)):
                add(split, 'sonic-pi-samples', pattern, [lab], sonic_item(rng, files, loop))
        for voices, split in ((ESPEAK_TRAIN, 'train'), (ESPEAK_VAL, 'val')):
            for v in voices:
                for _ in range(n_of(3)):
                    add(split, 'espeak-ng', v, ['voice'], speech_item(rng, v, td))
        for split, k in (('train', 12), ('val', 5)):
            for _ in range(n_of(k)):
                x, kind = noise_item(rng)
                add(split, 'noise', kind, ['other'], x)
        print('recorded/speech/noise done', flush=True)

    # mixtures of solo items of one split (piano + others, and others only)
    solos = list(items)
    for split, k in (('train', 160), ('val', 60)):
        pool = [it for it in solos if it['split'] == split]
        piano = [it for it in pool if it['stems'][0][0] == ['piano']]
        rest = [it for it in pool if it['stems'][0][0] != ['piano'] and it['source'] != 'noise']
        for i in range(n_of(k)):
            with_piano = i % 2 == 0
            parts = ([rng.choice(piano)] if with_piano else []) + rng.sample(rest, rng.choice([1, 2]) + (0 if with_piano else 1))
            items.append({'split': split, 'source': 'mix', 'family': '+'.join(p['source'] for p in parts),
                          'stems': [(p['stems'][0][0], p['stems'][0][1]) for p in parts]})

    # The extra sources: a second random stream, appended after the original items (whose renders, names and gains
    # are unchanged by them). Training items among them (and the extra training mixtures) are augmented.
    if not a.no_extra:
        rng2 = random.Random(a.seed + 1)
        pop2 = Pop909(a.pop909, rng2)
        pop2.cache = pop.cache
        extra = extra_items(a, rng2, pop2)
        for it in extra:
            if it['split'] == 'train' and rng2.random() < 0.6:
                it['stems'] = [(labs, augment(rng2, x)) for labs, x in it['stems']]
        both = solos + extra
        mixes = extra_mixtures(a, rng2, both, 'train', 240, 0.7) + extra_mixtures(a, rng2, both, 'dev', 40, 0.5)
        for it in mixes:
            if it['split'] == 'train' and rng2.random() < 0.6:
                it['stems'] = [(labs, augment(rng2, x)) for labs, x in it['stems']]
        items += extra + mixes
        if not a.no_third:  # third round: a third random stream, appended after everything above
            rng3 = random.Random(a.seed + 2)
            pop3 = Pop909(a.pop909, rng3)
            pop3.cache = pop.cache
            items += third_items(a, rng3, pop3)
            if not a.no_fourth:  # fourth round: a fourth random stream, appended after the third
                rng4 = random.Random(a.seed + 3)
                pop4 = Pop909(a.pop909, rng4)
                pop4.cache = pop.cache
                items += fourth_items(a, rng4, pop4)
                if not a.no_seventh:  # seventh round: a fifth random stream, appended after the fourth
                    rng5 = random.Random(a.seed + 4)
                    pop5 = Pop909(a.pop909, rng5)
                    pop5.cache = pop.cache
                    items += seventh_items(a, rng5, pop5, list(items))

    manifest = []
    for i, it in enumerate(items):
        # Level each stem to -20 dBFS RMS, then a random gain per stem (mixtures) and overall; a little noise so no
        # second is digital silence unless the source is silent.
        stems = []
        for labs, x in it['stems']:
            g = 10 ** ((-20 - rms_db(x)) / 20) if rms_db(x) > -90 else 1.0
            g *= 10 ** (rng.uniform(-10, 0) / 20) if len(it['stems']) > 1 else 1.0
            stems.append((labs, (x * g).astype(np.float32)))
        overall = 10 ** (rng.uniform(-18, 6) / 20)
        stems = [(labs, x * overall) for labs, x in stems]
        floor = 10 ** (rng.uniform(-90, -70) / 20)
        noise = np.random.default_rng(i).standard_normal(ITEM_S * SR).astype(np.float32) * floor
        stems.append(([], noise))
        mix = sum(x for _, x in stems)
        peak = np.abs(mix).max()
        if peak > 0.99:
            mix *= 0.99 / peak
            stems = [(labs, x * 0.99 / peak) for labs, x in stems]
        name = '%s_%04d' % (it['split'], i)
        wavfile.write(os.path.join(a.out, 'wav', name + '.wav'), SR, (np.clip(mix, -1, 1) * 32767).astype(np.int16))
        labels = sorted({lab for labs, _ in stems for lab in labs})
        manifest.append({'id': name, 'split': it['split'], 'source': it['source'], 'family': it['family'],
                         'labels': labels, 'seconds': second_labels(stems)})
    json.dump({'labels': LABELS, 'instruments': INSTRUMENTS, 'item_seconds': ITEM_S, 'sample_rate': SR,
               'seed': a.seed, 'items': manifest}, open(os.path.join(a.out, 'manifest.json'), 'w'), indent=0)
    for split in ('train', 'dev', 'val'):
        print(split, sum(1 for m in manifest if m['split'] == split), 'items')


if __name__ == '__main__':
    main()
