#!/usr/bin/python3
"""Golden fixtures for the PianoTranscription.Features tests, computed independently with numpy/scipy.

Run with Debian's Python from the repository root:

    /usr/bin/python3 tools/features/make_fixtures.py

Writes tests/PianoTranscription.Tests/Fixtures/Features/*.npy and fixtures.json. The STFT uses
scipy.signal.get_window('hann', n, fftbins=True) and numpy.fft.rfft in float64; the filterbanks are built here
from their written definitions (docs/audio-and-features.md), not from the C# code.
"""
import json
import math
import os

import numpy as np
from scipy.signal import get_window

OUT = os.path.join("tests", "PianoTranscription.Tests", "Fixtures", "Features")
SR = 16000


def signal(n):
    """Deterministic test signal: a few piano-like partials, a chirp, an onset and some noise."""
    t = np.arange(n) / SR
    rng = np.random.default_rng(20261122)
    x = 0.3 * np.sin(2 * np.pi * 220.0 * t) + 0.2 * np.sin(2 * np.pi * 440.0 * t + 0.3)
    x += 0.1 * np.sin(2 * np.pi * (55.0 + 2000.0 * t) * t)
    x += 0.05 * np.sin(2 * np.pi * 3520.0 * t) * (t > n / SR / 2)
    x += 0.01 * rng.standard_normal(n)
    return x.astype(np.float32)


def frames(x, window, hop, centered):
    x = x.astype(np.float64)
    if centered:
        x = np.pad(x, (window // 2, window // 2 + hop), mode="constant")
        count = (len(x) - window // 2 - hop - window // 2) // hop + 1
    else:
        count = 0 if len(x) < window else (len(x) - window) // hop + 1
    return np.stack([x[t * hop: t * hop + window] for t in range(count)])


def stft_power(x, window, hop, centered):
    w = get_window("hann", window, fftbins=True)
    spec = np.fft.rfft(frames(x, window, hop, centered) * w, axis=1)
    return np.abs(spec) ** 2


def triangles(fft_freqs, lower, centre, upper):
    rise = (fft_freqs[None, :] - lower[:, None]) / (centre - lower)[:, None]
    fall = (upper[:, None] - fft_freqs[None, :]) / (upper - centre)[:, None]
    return np.maximum(0.0, np.minimum(rise, fall))


def logfreq_filterbank(window, bps, fmin, fmax):
    fft_freqs = np.arange(window // 2 + 1) * SR / window
    count = int(math.floor(12 * bps * math.log2(fmax / fmin) + 1e-9)) + 1
    k = np.arange(count)
    centre = fmin * 2.0 ** (k / (12.0 * bps))
    delta = SR / window
    lower = np.minimum(fmin * 2.0 ** ((k - 1) / (12.0 * bps)), centre - delta)
    upper = np.maximum(fmin * 2.0 ** ((k + 1) / (12.0 * bps)), centre + delta)
    fb = triangles(fft_freqs, lower, centre, upper)
    sums = fb.sum(axis=1, keepdims=True)
    return fb / np.where(sums > 0, sums, 1.0), centre


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    lin = f / (200.0 / 3.0)
    log = 15.0 + np.log(np.maximum(f, 1e-12) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(f >= 1000.0, log, lin)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    lin = m * (200.0 / 3.0)
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
    return np.where(m >= 15.0, log, lin)


def mel_filterbank(window, bins, fmin, fmax):
    """librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'), written out."""
    fft_freqs = np.linspace(0, SR / 2, window // 2 + 1)
    points = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), bins + 2))
    fb = triangles(fft_freqs, points[:-2], points[1:-1], points[2:])
    fb *= (2.0 / (points[2:] - points[:-2]))[:, None]
    return fb, points[1:-1]


def save(name, array):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(array, dtype=np.float32))


def sparse(fb):
    """Start index + weights per filter (the non-zero run), so fixtures stay small."""
    starts, lengths, weights = [], [], []
    for row in fb:
        nz = np.nonzero(row > 0)[0]
        if len(nz) == 0:
            starts.append(0)
            lengths.append(0)
            continue
        a, b = int(nz[0]), int(nz[-1]) + 1
        starts.append(a)
        lengths.append(b - a)
        weights.extend(row[a:b].tolist())
    return starts, lengths, np.array(weights)


def main():
    os.makedirs(OUT, exist_ok=True)
    x = signal(4800)
    save("signal.npy", x)
    meta = {"sampleRate": SR, "signal": "signal.npy"}

    # 1. Raw STFT magnitude: window 2048, hop 320, centred.
    p = stft_power(x, 2048, 320, True)
    save("stft_magnitude.npy", np.sqrt(p))

    # 2. Raw STFT power, uncentred, window 1024, hop 256.
    save("stft_power_uncentred.npy", stft_power(x, 1024, 256, False))

    # 3. Log-frequency filterbank (PianoDefault) and the PianoDefault features: log1p(fb @ magnitude).
    fb, centres = logfreq_filterbank(2048, 2, 27.5, 8000.0)
    starts, lengths, weights = sparse(fb)
    save("logfreq_weights.npy", weights)
    meta["logfreq"] = {"window": 2048, "binsPerSemitone": 2, "minHz": 27.5, "maxHz": 8000.0,
                       "starts": starts, "lengths": lengths, "centres": centres.tolist()}
    save("piano_default.npy", np.log1p(np.sqrt(p) @ fb.T))

    # 4. Mel filterbank (229 bins, 30-8000 Hz) and log-mel in decibels: 10 log10(max(fb @ power, 1e-10)).
    mfb, mcentres = mel_filterbank(2048, 229, 30.0, 8000.0)
    starts, lengths, weights = sparse(mfb)
    save("mel_weights.npy", weights)
    meta["mel"] = {"window": 2048, "bins": 229, "minHz": 30.0, "maxHz": 8000.0,
                   "starts": starts, "lengths": lengths, "centres": mcentres.tolist()}
    pm = stft_power(x, 2048, 512, True)
    save("mel_decibels_hop512.npy", 10.0 * np.log10(np.maximum(pm @ mfb.T, 1e-10)))

    with open(os.path.join(OUT, "fixtures.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
