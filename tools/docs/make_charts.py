"""Draws the documentation's charts from benchmark outputs (never by hand):

  docs/images/accuracy-by-register.png  <- docs/benchmarks/data/accuracy-heldout-maps.json
      written by: dotnet run -c Release --project benchmarks/PianoTranscription.Accuracy -- \
          --audio ../shared/data/maps-synth --reference ../shared/data/maps-synth --match _SptkBGCl \
          --model src/PianoTranscription/Models/piano-default.onnx --by-register \
          --json docs/benchmarks/data/accuracy-heldout-maps.json
  docs/images/speed-vs-peers.png        <- docs/benchmarks/data/peak-memory-10min-1thread.txt
      written by: dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- peak-memory 10 1 \
          > docs/benchmarks/data/peak-memory-10min-1thread.txt
                                           and docs/benchmarks/data/peers-independent.json (the independent
                                           evaluation's figures for Basic Pitch, which cannot be run here)

Usage: /usr/bin/python3 tools/docs/make_charts.py      (needs python3-matplotlib)
"""
import json
import os
import re

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
DATA = os.path.join(ROOT, 'docs', 'benchmarks', 'data')
IMAGES = os.path.join(ROOT, 'docs', 'images')
NAVY, ORANGE, GREY = '#1c2b4a', '#ffb74d', '#9aa5b8'


def accuracy_by_register():
    run = json.load(open(os.path.join(DATA, 'accuracy-heldout-maps.json')))
    rows = [r for r in run['byRegister'] if not r['Pitches'].startswith('all')]
    labels = [r['Pitches'] for r in rows]
    x = range(len(rows))
    fig, ax = plt.subplots(figsize=(7.5, 3.4), dpi=110)
    w = 0.27
    for i, (key, colour, name) in enumerate((('Precision', GREY, 'precision'), ('Recall', ORANGE, 'recall'), ('F1', NAVY, 'F1'))):
        ax.bar([j + (i - 1) * w for j in x], [r['Notes'][key] for r in rows], w, color=colour, label=name)
    ax.set_xticks(list(x), labels)
    ax.set_xlabel('MIDI pitch band')
    ax.set_ylim(0, 1.15)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_ylabel('note onset score')
    s = run['summary']
    ax.set_title(f"Default model by register: held-out MAPS piano, {run['pieces']} pieces (all notes: F1 {s['NoteF1']:.2f})", fontsize=10)
    ax.legend(loc='upper center', ncol=3, fontsize=8, frameon=False)
    ax.spines[['top', 'right']].set_visible(False)
    fig.tight_layout()
    fig.savefig(os.path.join(IMAGES, 'accuracy-by-register.png'))


def speed_vs_peers():
    text = open(os.path.join(DATA, 'peak-memory-10min-1thread.txt')).read()
    m = re.search(r'input ([\d.]+) min .*?CPU ([\d.]+) s', text)
    minutes, cpu = float(m.group(1)), float(m.group(2))
    ours = cpu / minutes
    peers = json.load(open(os.path.join(DATA, 'peers-independent.json')))
    fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3.2), dpi=110)
    names = ['PianoTranscription', 'Basic Pitch']
    a.barh(names, [ours, ours * peers['basicPitchCpuRatio']], color=[NAVY, GREY])
    a.set_xlabel('CPU seconds per audio minute (1 core)')
    a.set_title('Speed (lower is better)', fontsize=10)
    a.invert_yaxis()
    for i, v in enumerate([ours, ours * peers['basicPitchCpuRatio']]):
        a.text(v, i, f' {v:.1f} s', va='center', fontsize=8)
    a.set_xlim(0, ours * peers['basicPitchCpuRatio'] * 1.3)
    f1 = [peers['noteF1'][n] for n in names]
    f1o = [peers['noteOffsetF1'][n] for n in names]
    y = range(len(names))
    b.barh([i - 0.2 for i in y], f1, 0.4, color=NAVY, label='note F1')
    b.barh([i + 0.2 for i in y], f1o, 0.4, color=ORANGE, label='note+offset F1')
    b.set_yticks(list(y), names)
    b.invert_yaxis()
    b.set_xlim(0, 1)
    b.set_title('Accuracy on real pianos (higher is better)', fontsize=10)
    b.legend(fontsize=8, frameon=False, loc='lower right')
    for ax in (a, b):
        ax.spines[['top', 'right']].set_visible(False)
    fig.text(0.01, 0.01, f'Ours: measured here ({minutes:g} min, 1 thread). Basic Pitch speed = {peers["basicPitchCpuRatio"]}x ours and both accuracies: '
             'the independent real-piano evaluation reported at the project start, not re-run for model 2.0.0 (Basic Pitch cannot be run here).', fontsize=6.5, color='#555')
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(os.path.join(IMAGES, 'speed-vs-peers.png'))


os.makedirs(IMAGES, exist_ok=True)
accuracy_by_register()
speed_vs_peers()
print('wrote docs/images/accuracy-by-register.png, docs/images/speed-vs-peers.png')
