"""Features stage: spectrogram .npy (frames x bins, float32) for every wav under the audio dirs.

The features MUST come from the C# featurizer (`piano-transcribe features A.wav B.wav --out-dir DIR`) so that
training and inference use one implementation. `--cli PATH` points at the built CLI (dll or executable).
`--numpy` uses the numpy twin below, written from the same definition that the C# featurizer's golden tests
use (tools/features/make_fixtures.py); `compare.py`-style checks against the CLI are recorded in docs/model.md.

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


_FB = None


def np_filterbank():
    """Log-frequency filterbank exactly as docs/features.md / tools/features/make_fixtures.py define PianoDefault
    (triangles 2 per semitone centred from 27.5 Hz, widened to at least one FFT bin, each normalised to sum 1)."""
    global _FB
    if _FB is None:
        fft_freqs = np.arange(N_FFT // 2 + 1) * SR / N_FFT
        count = int(np.floor(12 * BINS_PER_SEMITONE * np.log2(F_MAX / F_MIN) + 1e-9)) + 1
        k = np.arange(count)
        centre = F_MIN * 2.0 ** (k / (12.0 * BINS_PER_SEMITONE))
        delta = SR / N_FFT
        lower = np.minimum(F_MIN * 2.0 ** ((k - 1) / (12.0 * BINS_PER_SEMITONE)), centre - delta)
        upper = np.maximum(F_MIN * 2.0 ** ((k + 1) / (12.0 * BINS_PER_SEMITONE)), centre + delta)
        rise = (fft_freqs[None, :] - lower[:, None]) / (centre - lower)[:, None]
        fall = (upper[:, None] - fft_freqs[None, :]) / (upper - centre)[:, None]
        fb = np.maximum(0.0, np.minimum(rise, fall))
        sums = fb.sum(axis=1, keepdims=True)
        import scipy.sparse
        _FB = scipy.sparse.csr_matrix(fb / np.where(sums > 0, sums, 1.0))
    return _FB


def np_features(x):
    """Numpy twin of Featurizer.PianoDefault: centred frames (zero padding), periodic Hann 2048, hop 320,
    |rfft| -> log-frequency filterbank -> log1p. frames = floor(N/hop)+1."""
    x = x.astype(np.float64)
    xp = np.pad(x, (N_FFT // 2, N_FFT // 2 + HOP))
    n_frames = len(x) // HOP + 1
    win = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    fb = np_filterbank()
    fbt = fb.T.tocsc()
    out = np.empty((n_frames, fb.shape[0]), np.float32)
    for s in range(0, n_frames, 512):
        e = min(n_frames, s + 512)
        idx = np.arange(N_FFT)[None, :] + HOP * np.arange(s, e)[:, None]
        mag = np.abs(np.fft.rfft(xp[idx] * win, axis=1))
        out[s:e] = np.log1p(np.asarray(mag @ fbt))
    return out


def cli_cmd(cli):
    return ['dotnet', cli] if cli.endswith('.dll') else [cli]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('audio', nargs='+')
    ap.add_argument('--cli')
    ap.add_argument('--config', help='featurizer configuration JSON passed to the CLI (default: its PianoDefault)')
    ap.add_argument('--numpy', action='store_true')
    ap.add_argument('--batch', type=int, default=64)
    a = ap.parse_args()
    todo = []
    for d in a.audio:
        split = os.path.basename(os.path.normpath(d))
        os.makedirs(os.path.join(a.out, split), exist_ok=True)
        for f in sorted(glob.glob(os.path.join(d, '*.wav')) + glob.glob(os.path.join(d, '*.opus'))):
            out = os.path.join(a.out, split, os.path.splitext(os.path.basename(f))[0] + '.npy')
            if not os.path.exists(out):
                todo.append((f, out))
    if a.numpy:
        for f, out in todo:
            _, x = wavfile.read(f)
            x = x.astype(np.float32) / 32768.0
            if x.ndim > 1:
                x = x.mean(axis=1)
            with open(out + '.tmp', 'wb') as fh:
                np.save(fh, np_features(x))
            os.replace(out + '.tmp', out)
        json.dump({'NUMPY_STANDIN': True}, open(os.path.join(a.out, 'featurizer.json'), 'w'))
    else:
        if not a.cli:
            sys.exit('features: --cli is required (or --numpy for the temporary stand-in)')
        by_dir = {}
        for f, out in todo:
            by_dir.setdefault(os.path.dirname(out), []).append(f)
        for od, files in by_dir.items():
            for i in range(0, len(files), a.batch):
                subprocess.run(cli_cmd(a.cli) + ['features'] + files[i:i + a.batch] + ['--out-dir', od]
                               + (['--config', a.config] if a.config else []), check=True)
        cfg = subprocess.run(cli_cmd(a.cli) + ['features', '--print-config'] + (['--config', a.config] if a.config else []),
                             capture_output=True, text=True)
        if cfg.returncode == 0 and cfg.stdout.strip():
            open(os.path.join(a.out, 'featurizer.json'), 'w').write(cfg.stdout.strip())
    print('features: %d new files' % len(todo))


if __name__ == '__main__':
    main()
