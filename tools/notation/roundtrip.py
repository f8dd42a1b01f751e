"""Compares a score's notes (its quantised MIDI, NAME.mid: track 1 right hand, 2 left hand) with what MusicXML
(ours, NAME.musicxml, and MuseScore's re-export, NAME.back.musicxml) and abc2midi (NAME.abc.mid) read back:
pitch, start and length in ticks at 480 per quarter note, and the hand (staff / voice). Tied parts are joined.

A key struck again while it still sounds (POP909 merges melody and piano tracks, so unisons overlap) pairs
ambiguously in MIDI; notes of a pitch and hand that overlap each other are left out of the comparison and counted.
"""
import collections
import sys
import xml.etree.ElementTree as ET

import mido


def midi_notes(path, grid=1, hand=lambda track: track):
    m = mido.MidiFile(path)
    out = []
    for ti, t in enumerate(m.tracks):
        tick, open_ = 0, collections.defaultdict(list)
        for e in t:
            tick += e.time
            tt = tick * 480 // m.ticks_per_beat
            if e.type == 'note_on' and e.velocity > 0:
                open_[e.note].append(tt)
            elif e.type in ('note_off', 'note_on') and open_[e.note]:
                on = open_[e.note].pop(0) // grid * grid  # abc2midi starts late (a tick; 10 more per chord note), never early
                out.append((e.note, on, round(tt / grid) * grid - on, hand(ti)))
    return out


def xml_notes(path):
    part = ET.parse(path).getroot().find('part')
    div, start_of_measure, notes, open_ = 1.0, 0.0, [], {}
    for measure in part.findall('measure'):
        cur = far = last = 0.0
        for e in measure:
            if e.tag == 'attributes' and e.find('divisions') is not None:
                div = float(e.find('divisions').text)
            elif e.tag in ('backup', 'forward'):
                cur += (-1 if e.tag == 'backup' else 1) * float(e.find('duration').text) * 480 / div
                far = max(far, cur)
            elif e.tag == 'note' and e.find('grace') is None:
                d = float(e.find('duration').text) * 480 / div
                chord = e.find('chord') is not None
                st = last if chord else cur
                if not chord:
                    last, cur = cur, cur + d
                    far = max(far, cur)
                p = e.find('pitch')
                if p is None:
                    continue
                step = 'C D EF G A B'.index(p.find('step').text)
                alter = round(float(p.find('alter').text)) if p.find('alter') is not None else 0
                pitch = (int(p.find('octave').text) + 1) * 12 + step + alter
                staff = int(e.find('staff').text) if e.find('staff') is not None else 1
                key = (pitch, staff, e.find('voice').text if e.find('voice') is not None else '1')
                ties = [t.get('type') for t in e.findall('tie')]
                if 'stop' in ties and key in open_:
                    notes[open_[key]][2] += d
                    if 'start' not in ties:
                        del open_[key]
                    continue
                notes.append([pitch, start_of_measure + st, d, staff])
                if 'start' in ties:
                    open_[key] = len(notes) - 1
        start_of_measure += far
    return [(n[0], round(n[1]), round(n[2]), n[3]) for n in notes]


def overlapping(notes):
    """(pitch, hand, start) of every note that overlaps another note of the same pitch and hand."""
    by, bad = collections.defaultdict(list), set()
    for p, s, d, h in notes:
        by[(p, h)].append((s, s + d))
    for (p, h), spans in by.items():
        spans.sort()
        end = -1
        for i, (s, e) in enumerate(spans):
            if s < end:
                bad.add((p, h, s))
                bad.add((p, h, spans[i - 1][0]))
            end = max(end, e)
    return bad


def main(folder, names):
    totals = collections.Counter()
    left_out = 0
    for name in names:
        ref = midi_notes(f'{folder}/{name}.mid')
        abc_voices = open(f'{folder}/{name}.abc', encoding='utf-8').read().count('\nV:R')
        reads = {
            'our MusicXML': xml_notes(f'{folder}/{name}.musicxml'),
            "MuseScore's MusicXML export": xml_notes(f'{folder}/{name}.back.musicxml'),
            # abc2midi: a track per voice after its conductor track, right-hand voices first; starts rounded down to a 40-tick grid
            'abc2midi (40-tick grid)': midi_notes(f'{folder}/{name}.abc.mid', grid=40, hand=lambda t: 1 if t <= abc_voices else 2),
        }
        # A pitch with overlaps is left out where it overlaps: within the span of any overlapping note of it.
        bad = overlapping(ref)
        spans = collections.defaultdict(list)
        for p, s, d, h in ref:
            if (p, h, s) in bad:
                spans[(p, h)].append((s, s + d))

        def clean(notes, grid=1):
            return collections.Counter(n for n in notes if not any(a - grid <= n[1] < b + grid for a, b in spans.get((n[0], n[3]), [])))

        kept = clean(ref)
        left_out += len(ref) - sum(kept.values())
        for what, notes in reads.items():
            grid = 40 if 'abc' in what else 1
            kept_grid = collections.Counter((p, round(s / grid) * grid, round((s + d) / grid) * grid - round(s / grid) * grid, h) for (p, s, d, h), c in kept.items() for _ in range(c))
            got = clean(notes, grid)
            totals[(what, 'same')] += sum((kept_grid & got).values())
            totals[(what, 'score')] += sum(kept_grid.values())
            totals[(what, 'read')] += sum(got.values())
    print(f'{len(names)} files; {left_out} notes left out (unison overlaps)')
    for what in ['our MusicXML', "MuseScore's MusicXML export", 'abc2midi (40-tick grid)']:
        same, score, read = totals[(what, 'same')], totals[(what, 'score')], totals[(what, 'read')]
        print(f'{what}: {same} of {score} score notes identical ({100 * same / max(score, 1):.2f} %), {read} read back')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
