#!/usr/bin/python3
"""Regenerates the golden note/pedal lists of the MIDI fixtures with mido (Debian python3-mido).

usage: /usr/bin/python3 make_golden.py   (run in this folder)

For each NNN.mid writes NNN.golden.csv with lines `note,onset,offset,pitch,velocity` and
`pedal,onset,offset` (seconds, 9 decimals), using mido's own tick->seconds conversion (tempo map),
note-on velocity 0 = note-off, same-key overlaps ended first-in first-out, unreleased notes ending at
the end of the file, sustain pedal down while CC64 >= 64 (intervals of all channels merged), drums
(channel 10) left out -- the conventions PianoTranscription.Midi.MidiNotes documents.

The fixtures 098.mid and 331.mid are copied from POP909 (MIT licence, see POP909-LICENSE.txt).
mir_eval_notes.py is a copy of the project's shared evaluation script (used by the CSV test).
"""
import glob
import os
import mido


def golden(path):
    t = 0.0
    active, notes, down, pedal = {}, [], {}, []
    for msg in mido.MidiFile(path):
        t += msg.time
        if msg.type in ('note_on', 'note_off'):
            if msg.channel == 9:
                continue
            key = (msg.channel, msg.note)
            if msg.type == 'note_on' and msg.velocity > 0:
                active.setdefault(key, []).append((t, msg.velocity))
            elif active.get(key):
                on, vel = active[key].pop(0)
                notes.append((on, t, msg.note, vel))
        elif msg.type == 'control_change' and msg.control == 64:
            if msg.value >= 64 and msg.channel not in down:
                down[msg.channel] = t
            elif msg.value < 64 and msg.channel in down:
                pedal.append((down.pop(msg.channel), t))
    for key, lst in active.items():
        notes.extend((on, t, key[1], vel) for on, vel in lst)
    pedal.extend((on, t) for on in down.values())
    merged = []
    for on, off in sorted(pedal):
        if merged and on < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], off))
        else:
            merged.append((on, off))
    notes.sort(key=lambda n: (n[0], n[2], n[1], n[3]))
    return notes, merged


for path in sorted(glob.glob('*.mid')):
    notes, pedal = golden(path)
    with open(path[:-4] + '.golden.csv', 'w') as f:
        for on, off, pitch, vel in notes:
            f.write(f'note,{on:.9f},{off:.9f},{pitch},{vel}\n')
        for on, off in pedal:
            f.write(f'pedal,{on:.9f},{off:.9f}\n')
    print(path, len(notes), 'notes', len(pedal), 'pedal intervals')
