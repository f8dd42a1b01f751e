"""Features stage: spectrogram .npy (frames x bins, float32) for every wav under the audio dirs.

The features MUST come from the C# featurizer (`piano-transcribe features A.wav B.wav --out-dir DIR`) so that
training and inference use one implementation. `--cli PATH` points at the built CLI (dll or executable).
`--numpy` uses the TEMPORARY numpy stand-in below instead (only for testing the loop before the C# CLI exists;
a model trained on it must not be shipped).

Usage: python3 features.py --cli work/cli/piano-transcribe.dll OUT_DIR AUDIO_DIR [AUDIO_DIR ...]
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import numpy as np
import scipy.io.wavfile as wavfile

SR, N_FFT, HOP = 16000, 2048, 320
F_MIN, F_MAX, BINS_PER_SEMITONE = 27.5, 8000.0, 2


def np_filterbank():
    """TEMPORARY stand-in: triangular filters centred 2 per semitone from 27.5 Hz, on the FFT magnitude."""
    n_bins = int(np.floor(12 * BINS_PER_SEMITONE * np.log2(F_MAX / F_MIN))) + 1
    centres = F_MIN * 2 ** (np.arange(-1, n_bins + 1) / (12 * BINS_PER_SEMITONE))
    fft_f = np.arange(N_FFT // 2 + 1) * SR / N_FFT
    fb = np.zeros((n_bins, len(fft_f)), np.float32)
    for k in range(n_bins):
        lo, c, hi = centres[k], centres[k + 1], centres[k + 2]
        up = (fft_f - lo) / (c - lo)
        down = (hi - fft_f) / (hi - c)
        w = np.maximum(0, np.minimum(up, down))
        if w.sum() == 0:  # narrower than an FFT bin: interpolate
            j = c / (SR / N_FFT)
            i0 = int(np.floor(j))
            w[i0] = 1 - (j - i0)
            w[i0 + 1] = j - i0
        fb[k] = w
    return fb


def np_features(x):
    pad = N_FFT // 2
    xp = np.pad(x, (pad, pad))
    n_frames = len(x) // HOP + 1
    win = np.hanning(N_FFT + 1)[:-1].astype(np.float32)
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    mag = np.abs(np.fft.rfft(xp[idx] * win, axis=1)).astype(np.float32)
    return np.log1p(mag @ np_filterbank().T).astype(np.float32)


def cli_cmd(cli):
    return ['dotnet', cli] if cli.endswith('.dll') else [cli]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('audio', nargs='+')
    ap.add_argument('--cli')
    ap.add_argument('--numpy', action='store_true')
    ap.add_argument('--batch', type=int, default=64)
    a = ap.parse_args()
    todo = []
    for d in a.audio:
        split = os.path.basename(os.path.normpath(d))
        os.makedirs(os.path.join(a.out, split), exist_ok=True)
        for f in sorted(glob.glob(os.path.join(d, '*.wav'))):
            out = os.path.join(a.out, split, os.path.basename(f)[:-4] + '.npy')
            if not os.path.exists(out):
                todo.append((f, out))
    if a.numpy:
        for f, out in todo:
            _, x = wavfile.read(f)
            x = x.astype(np.float32) / 32768.0
            np.save(out, np_features(x))
        json.dump({'NUMPY_STANDIN': True}, open(os.path.join(a.out, 'featurizer.json'), 'w'))
    else:
        if not a.cli:
            sys.exit('features: --cli is required (or --numpy for the temporary stand-in)')
        by_dir = {}
        for f, out in todo:
            by_dir.setdefault(os.path.dirname(out), []).append(f)
        for od, files in by_dir.items():
            for i in range(0, len(files), a.batch):
                subprocess.run(cli_cmd(a.cli) + ['features'] + files[i:i + a.batch] + ['--out-dir', od], check=True)
        cfg = subprocess.run(cli_cmd(a.cli) + ['features', '--print-config'], capture_output=True, text=True)
        if cfg.returncode == 0 and cfg.stdout.strip():
            open(os.path.join(a.out, 'featurizer.json'), 'w').write(cfg.stdout.strip())
    print('features: %d new files' % len(todo))


if __name__ == '__main__':
    main()
