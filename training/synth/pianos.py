"""The piano timbres used for training and validation, and how to render a prepared piece with each.

TRAINING pianos : FluidR3_GM grand (prog 0) and bright (prog 1);
                  Salamander Grand Piano V3 (Yamaha C5 recordings, 16 velocity layers and the release samples,
                  our own sampler below). TimGM6mb (GPL-2) is kept for reference renders only, not trained on.
                  The MAPS pianos (synth/maps_prep.py) are the other training pianos.
VALIDATION piano: MuseScore_General grand (prog 0) -- never used for training in any form.
"""
import os
import subprocess
import tempfile

import numpy as np
import scipy.io.wavfile as wavfile
import scipy.signal as sps

SR = 16000
HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(os.path.dirname(HERE), 'work')
SALAMANDER_DIR = os.path.join(WORK, 'npm', 'node_modules', '@audio-samples')
SALAMANDER_LAYERS = list(range(1, 17))  # npm packages @audio-samples/piano-velocity<k>
SALAMANDER_RELEASE = 'piano-release'  # rel<k>.ogg: the key-release (damper) noise of key k (1 = A0)

SOUNDFONTS = {
    'fluidr3_p0': ('/usr/share/sounds/sf2/FluidR3_GM.sf2', 0),
    'fluidr3_p1': ('/usr/share/sounds/sf2/FluidR3_GM.sf2', 1),
    'timgm_p0': ('/usr/share/sounds/sf2/TimGM6mb.sf2', 0),
    'timgm_p1': ('/usr/share/sounds/sf2/TimGM6mb.sf2', 1),
    'musescore_p0': ('/usr/share/sounds/sf3/MuseScore_General.sf3', 0),
}
TRAIN_PIANOS = ['fluidr3_p0', 'fluidr3_p1', 'salamander']
VAL_PIANO = 'musescore_p0'


def pedal_extended_offsets(notes, pedal):
    """Offsets extended to the pedal release while the sustain pedal is down (onsets-and-frames convention),
    cut at the next onset of the same pitch."""
    on, off, pitch = notes[:, 0], notes[:, 1].copy(), notes[:, 2]
    for d, u in pedal:
        m = (off >= d) & (off < u)
        off[m] = u
    order = np.lexsort((on, pitch))
    for a, b in zip(order[:-1], order[1:]):
        if pitch[a] == pitch[b] and off[a] > on[b]:
            off[a] = max(on[a] + 0.01, on[b])
    return off


def _set_program(mid_in, mid_out, program):
    import mido
    m = mido.MidiFile(mid_in)
    for tr in m.tracks:
        for i, msg in enumerate(tr):
            if msg.type == 'program_change':
                tr[i] = msg.copy(program=program)
    m.save(mid_out)


def render_soundfont(mid_path, out_wav, piano, reverb=False, gain=0.5):
    sf, prog = SOUNDFONTS[piano]
    with tempfile.TemporaryDirectory() as td:
        mp = os.path.join(td, 'p.mid')
        _set_program(mid_path, mp, prog)
        tmp = out_wav + '.tmp.wav'
        subprocess.run(['fluidsynth', '-ni', '-g', '%.2f' % gain, '-R', '1' if reverb else '0', '-C', '0',
                        '-F', tmp, '-r', str(SR), sf, mp], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        _, x = wavfile.read(tmp)
        if x.ndim > 1:  # FluidSynth writes stereo: keep mono (the library's input is mono)
            x = x.astype(np.float32).mean(axis=1)
        wavfile.write(tmp, SR, np.clip(x, -32768, 32767).astype(np.int16))
        os.replace(tmp, out_wav)


_SAMPLES = None
NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']


def _load_ogg(path):
    with tempfile.TemporaryDirectory() as td:
        w = os.path.join(td, 'x.wav')
        subprocess.run(['sox', path, '-r', str(SR), '-c', '1', '-b', '16', w], check=True)
        _, x = wavfile.read(w)
    x = x.astype(np.float32) / 32768.0
    thr = np.max(np.abs(x)) * 0.02
    first = int(np.argmax(np.abs(x) > thr))
    return x[max(0, first - 16):]  # trim leading silence so the onset sits at the note time


def salamander_samples():
    """{layer: {midi_pitch: samples}} at 16 kHz, layer 0 = release samples; cached in work/salamander16k.npz."""
    global _SAMPLES
    if _SAMPLES is not None:
        return _SAMPLES
    cache = os.path.join(WORK, 'salamander16k.npz')
    if not os.path.exists(cache):
        d = {}
        for layer in SALAMANDER_LAYERS:
            folder = os.path.join(SALAMANDER_DIR, 'piano-velocity%d' % layer, 'audio')
            for f in os.listdir(folder):
                name = f[:-len('v%d.ogg' % layer)]
                octave = int(name[-1])
                pitch = 12 * (octave + 1) + NAMES.index(name[:-1])
                d['%d_%d' % (layer, pitch)] = _load_ogg(os.path.join(folder, f))
        folder = os.path.join(SALAMANDER_DIR, SALAMANDER_RELEASE, 'audio')
        for f in os.listdir(folder):
            d['0_%d' % (20 + int(f[3:-4]))] = _load_ogg(os.path.join(folder, f))
        np.savez(cache, **d)
    z = np.load(cache)
    out = {}
    for k in z.files:
        layer, pitch = map(int, k.split('_'))
        out.setdefault(layer, {})[pitch] = z[k]
    _SAMPLES = out
    return out


def render_salamander(labels_npz, out_wav, rng):
    """Simple sampler: nearest sample pitch (<= 1.5 semitones, linear-interpolation resampling), velocity layer
    by velocity (16 layers), release = exponential damping at the pedal-extended offset (no dampers above E6) plus
    the recorded key-release noise of that key, scaled by velocity."""
    s = salamander_samples()
    z = np.load(labels_npz)
    notes, pedal = z['notes'], z['pedal']
    if len(notes) == 0:
        dur = 2.0
    else:
        dur = float(notes[:, 1].max()) + 1.0
    offs = pedal_extended_offsets(notes, pedal) if len(notes) else np.zeros(0)
    n_out = int((dur + 3.0) * SR)
    y = np.zeros(n_out, np.float32)
    release_scale = rng.uniform(0.6, 1.6)
    release_gain = rng.uniform(0.3, 1.0)
    for (on, _, pitch, vel), off in zip(notes, offs):
        pitch = int(pitch)
        layer_f = vel / 127 * 16
        layer = min(SALAMANDER_LAYERS, key=lambda L: abs(L - max(layer_f, 1)))
        bank = s[layer]
        src = min(bank.keys(), key=lambda p: abs(p - pitch))
        x = bank[src]
        ratio = 2 ** ((pitch - src) / 12)
        # amplitude correction inside the layer (soft curve)
        amp = (max(vel, 1) / 127 * 16 / layer) ** 0.5 if layer_f > 0 else 1.0
        start = int(round(on * SR))
        # length: until release + fade tail, capped by sample length and output
        tau = (0.35 if pitch < 50 else 0.2 if pitch < 75 else 0.1) * release_scale
        damped = pitch < 89
        n_need = int(((off - on) + (5 * tau if damped else 10.0)) * SR)
        n_avail = int((len(x) - 1) / ratio)
        n = min(n_need, n_avail, n_out - start)
        if n <= 0:
            continue
        idx = np.arange(n, dtype=np.float64) * ratio
        v = np.interp(idx, np.arange(len(x)), x).astype(np.float32) * amp
        if damped:
            rel = int((off - on) * SR)
            if rel < n:
                t = np.arange(n - rel, dtype=np.float32) / SR
                v[rel:] *= np.exp(-t / tau)
        # short fade at the end to avoid clicks
        f = min(64, n)
        v[n - f:] *= np.linspace(1, 0, f, dtype=np.float32)
        y[start:start + n] += v
        rel_x = s.get(0, {}).get(pitch)
        if damped and rel_x is not None:
            r0 = start + int((off - on) * SR)
            m = min(len(rel_x), n_out - r0)
            if m > 0:
                y[r0:r0 + m] += rel_x[:m] * (0.3 + 0.7 * vel / 127) * release_gain
    peak = np.max(np.abs(y)) + 1e-9
    y = y / peak * rng.uniform(0.3, 0.9)
    wavfile.write(out_wav + '.tmp.wav', SR, (y * 32767).astype(np.int16))
    os.replace(out_wav + '.tmp.wav', out_wav)
