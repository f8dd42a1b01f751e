"""Acoustic augmentation of rendered 16 kHz audio: room, microphone/EQ colour, noise, gain/compression,
band-limiting, detuning. For every input X.wav writes X__aug.wav and X__aug.json ({"time_scale": s}: multiply label
times by s -- detuning by resampling changes the duration). X.opus inputs (the MAPS links) are decoded to 16 kHz mono
by ffmpeg first. Skips files already done (resumable).

Usage: python3 augment.py AUDIO_DIR/train [AUDIO_DIR/val ...] [--copies 1]
"""
import argparse
import glob
import json
import os
import subprocess
import zlib

import numpy as np
import scipy.io.wavfile as wavfile
import scipy.signal as sps

SR = 16000


def peaking(f0, gain_db, q):
    a = 10 ** (gain_db / 40)
    w = 2 * np.pi * f0 / SR
    alpha = np.sin(w) / (2 * q)
    b = [1 + alpha * a, -2 * np.cos(w), 1 - alpha * a]
    den = [1 + alpha / a, -2 * np.cos(w), 1 - alpha / a]
    return np.array(b) / den[0], np.array(den) / den[0]


def shelf(f0, gain_db, high):
    a = 10 ** (gain_db / 40)
    w = 2 * np.pi * f0 / SR
    alpha = np.sin(w) / 2 * np.sqrt(2)
    c = np.cos(w)
    sa = 2 * np.sqrt(a) * alpha
    if high:
        b = [a * ((a + 1) + (a - 1) * c + sa), -2 * a * ((a - 1) + (a + 1) * c), a * ((a + 1) + (a - 1) * c - sa)]
        d = [(a + 1) - (a - 1) * c + sa, 2 * ((a - 1) - (a + 1) * c), (a + 1) - (a - 1) * c - sa]
    else:
        b = [a * ((a + 1) - (a - 1) * c + sa), 2 * a * ((a - 1) - (a + 1) * c), a * ((a + 1) - (a - 1) * c - sa)]
        d = [(a + 1) + (a - 1) * c + sa, -2 * ((a - 1) + (a + 1) * c), (a + 1) + (a - 1) * c - sa]
    return np.array(b) / d[0], np.array(d) / d[0]


def room_ir(rng):
    rt60 = rng.uniform(0.15, 1.8)
    n = int(min(2.5, rt60 * 1.2) * SR)
    t = np.arange(n) / SR
    tail = rng.randn(n) * np.exp(-6.9 * t / rt60)
    # frequency-dependent damping: low-pass the tail
    b, a = sps.butter(2, rng.uniform(1500, 7000) / (SR / 2))
    tail = sps.lfilter(b, a, tail)
    predelay = int(rng.uniform(0.003, 0.02) * SR)
    tail[:predelay] = 0
    ir = tail / (np.sqrt(np.sum(tail ** 2)) + 1e-9) * rng.uniform(0.15, 1.2)  # direct-to-reverberant ratio
    ir[0] += 1.0  # direct path at t=0: onsets do not move
    for _ in range(rng.randint(3, 12)):  # early reflections
        d = int(rng.uniform(0.001, 0.04) * SR)
        ir[d] += rng.uniform(-0.6, 0.6)
    return ir


def coloured_noise(n, rng):
    kind = rng.choice(['white', 'pink', 'brown'])
    w = rng.randn(n)
    if kind == 'white':
        return w
    spec = np.fft.rfft(w)
    f = np.arange(len(spec)) + 1.0
    spec /= np.sqrt(f) if kind == 'pink' else f
    return np.fft.irfft(spec, n)


def augment(x, rng):
    info = {}
    # detune by resampling (+-20 cents); label times scale by 1/r
    cents = rng.uniform(-20, 20)
    r = 2 ** (cents / 1200)
    n_out = int(len(x) / r)
    x = np.interp(np.arange(n_out) * r, np.arange(len(x)), x)
    info['time_scale'] = 1 / r
    info['cents'] = round(cents, 2)
    if rng.rand() < 0.85:
        ir = room_ir(rng)
        x = sps.fftconvolve(x, ir)[:len(x)]
        info['room'] = True
    # mic / EQ colour
    for _ in range(rng.randint(1, 5)):
        b, a = peaking(np.exp(rng.uniform(np.log(60), np.log(6000))), rng.uniform(-10, 10), rng.uniform(0.4, 3))
        x = sps.lfilter(b, a, x)
    if rng.rand() < 0.5:
        b, a = shelf(rng.uniform(80, 300), rng.uniform(-10, 8), high=False)
        x = sps.lfilter(b, a, x)
    if rng.rand() < 0.5:
        b, a = shelf(rng.uniform(2000, 6000), rng.uniform(-12, 6), high=True)
        x = sps.lfilter(b, a, x)
    if rng.rand() < 0.35:  # band-limiting (phone / cheap recorder / lossy codec)
        fc = rng.uniform(4000, 7800)
        b, a = sps.butter(rng.randint(4, 9), fc / (SR / 2))
        x = sps.lfilter(b, a, x)
        info['lowpass'] = int(fc)
    x = x / (np.max(np.abs(x)) + 1e-9)
    if rng.rand() < 0.3:  # soft compression
        drive = rng.uniform(1.5, 6)
        x = np.tanh(drive * x) / np.tanh(drive)
    sig_p = np.mean(x ** 2) + 1e-12
    if rng.rand() < 0.8:
        snr = rng.uniform(8, 45)
        nz = coloured_noise(len(x), rng)
        nz *= np.sqrt(sig_p / 10 ** (snr / 10) / (np.mean(nz ** 2) + 1e-12))
        x = x + nz
        info['snr_db'] = round(snr, 1)
    if rng.rand() < 0.2:
        f0 = rng.choice([50, 60])
        t = np.arange(len(x)) / SR
        hum = sum(np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6.3)) / k for k in range(1, 5))
        x = x + hum * np.sqrt(sig_p) * 10 ** (-rng.uniform(20, 40) / 20)
    x = x / (np.max(np.abs(x)) + 1e-9) * rng.uniform(0.05, 0.95)  # overall gain
    return x.astype(np.float32), info


def read_audio(path):
    """(rate, samples) of a WAV file, or of any other format decoded by ffmpeg to 16 kHz mono 16-bit."""
    if path.endswith('.wav'):
        return wavfile.read(path)
    pcm = subprocess.run(['ffmpeg', '-v', 'error', '-i', path, '-f', 's16le', '-ac', '1', '-ar', str(SR), '-'],
                         check=True, capture_output=True).stdout
    return SR, np.frombuffer(pcm, np.int16)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dirs', nargs='+')
    ap.add_argument('--seed', type=int, default=11)
    a = ap.parse_args()
    n = 0
    for d in a.dirs:
        for f in sorted(glob.glob(os.path.join(d, '*.wav')) + glob.glob(os.path.join(d, '*.opus'))):
            if '__aug' in f:
                continue
            out = f[:f.rindex('.')] + '__aug.wav'
            if os.path.exists(out) and os.path.exists(out[:-4] + '.json'):
                continue
            rng = np.random.RandomState((zlib.crc32(os.path.basename(f).encode()) + a.seed) % (2 ** 31))
            sr, x = read_audio(f)
            x = x.astype(np.float32) / 32768.0 if x.dtype == np.int16 else x.astype(np.float32)
            if x.ndim > 1:
                x = x.mean(axis=1)
            y, info = augment(x, rng)
            wavfile.write(out + '.tmp.wav', SR, (np.clip(y, -1, 1) * 32767).astype(np.int16))
            os.replace(out + '.tmp.wav', out)
            json.dump(info, open(out[:-4] + '.json', 'w'))
            n += 1
            if n % 100 == 0:
                print('augmented', n, flush=True)
    print('augment: %d new files' % n)


if __name__ == '__main__':
    main()
