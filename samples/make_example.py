#!/usr/bin/python3
"""Makes samples/example.mid and samples/example.wav: a short, licence-clean piano example.

Run with Debian's Python (it needs python3-mido), fluidsynth and sox:

    /usr/bin/python3 samples/make_example.py

The MIDI file is written note by note below (melody, chords, sustain pedal), rendered with FluidSynth and the
FluidR3_GM General MIDI SoundFont (MIT licence, Debian package fluid-soundfont-gm), then converted with sox to
16-bit mono 44.1 kHz and normalised to -1 dBFS. example.mid is the reference for evaluating a transcription of
example.wav: the notes' times in the MIDI are the times you hear them in the WAV.
"""

import os
import subprocess
import sys
import tempfile

import mido

HERE = os.path.dirname(os.path.abspath(__file__))
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
TPB = 480                  # ticks per beat
BPM = 96
LEAD_IN = 0.5              # seconds of silence before the first note
SAMPLE_RATE = 44100


def beats(b):
    return int(round(b * TPB))


def build_events():
    """(beat, kind, a, b): kind 'note' -> (pitch, velocity, duration in beats); kind 'pedal' -> (value, _)."""
    ev = []

    def note(at, pitch, vel, dur):
        ev.append((at, "note", pitch, vel, dur))

    def pedal(at, value):
        ev.append((at, "pedal", value, 0, 0))

    # Bars 1-4 (4/4): left-hand chords C - Am - F - G, right-hand melody; pedal changed every bar.
    chords = [(48, [48, 55, 64]), (45, [45, 52, 60]), (41, [41, 48, 57]), (43, [43, 50, 59])]
    for bar, (bass, chord) in enumerate(chords):
        t = bar * 4
        pedal(t + 0.05, 127)            # pedal down just after the downbeat ...
        pedal(t + 3.9, 0)               # ... and up just before the next one
        note(t, bass - 12, 70, 2.0)
        for i, p in enumerate(chord):
            note(t + 0.0 + 0.02 * i, p, 58 + 4 * i, 1.0)      # a slightly rolled chord
        for i, p in enumerate(chord):
            note(t + 2.0, p, 50, 0.9)                          # repeated softer on beat 3

    melody = [
        # bar 1 (C)
        (0, 72, 88, 1), (1, 76, 80, 0.5), (1.5, 79, 84, 0.5), (2, 84, 96, 1.5), (3.5, 83, 70, 0.5),
        # bar 2 (Am)
        (4, 81, 90, 1), (5, 76, 72, 1), (6, 72, 76, 0.5), (6.5, 74, 74, 0.5), (7, 76, 82, 1),
        # bar 3 (F): faster notes
        (8, 77, 92, 0.25), (8.25, 79, 80, 0.25), (8.5, 81, 84, 0.25), (8.75, 79, 78, 0.25),
        (9, 77, 86, 0.5), (9.5, 72, 70, 0.5), (10, 69, 75, 1), (11, 72, 80, 1),
        # bar 4 (G)
        (12, 74, 95, 1.5), (13.5, 71, 72, 0.5), (14, 67, 78, 1), (15, 71, 84, 0.5), (15.5, 74, 88, 0.5),
    ]
    for at, p, v, d in melody:
        note(at, p, v, d * 0.95)

    # Bar 5: staccato chords without pedal, then a final held C major chord with the pedal.
    for i, at in enumerate([16, 16.5, 17]):
        for p in [60, 64, 67]:
            note(at, p, 60 + 10 * i, 0.2)
    pedal(18.0, 127)
    for i, p in enumerate([36, 48, 55, 60, 64, 67, 72]):
        note(18.0, p, 100 - 3 * i, 1.0)   # released at once: the pedal holds them
    pedal(21.5, 0)
    return ev


def write_midi(path):
    mid = mido.MidiFile(type=0, ticks_per_beat=TPB)
    track = mido.MidiTrack()
    mid.tracks.append(track)
    lead_ticks = int(round(LEAD_IN * BPM / 60 * TPB))
    messages = [(0, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(BPM)))]
    messages.append((0, 0, mido.MetaMessage("time_signature", numerator=4, denominator=4)))
    messages.append((0, 0, mido.MetaMessage("track_name", name="PianoTranscription example")))
    messages.append((0, 1, mido.Message("program_change", program=0, channel=0)))
    for at, kind, a, b, dur in build_events():
        start = lead_ticks + beats(at)
        if kind == "note":
            messages.append((start, 3, mido.Message("note_on", note=a, velocity=b, channel=0)))
            messages.append((start + beats(dur), 2, mido.Message("note_off", note=a, velocity=0, channel=0)))
        else:
            messages.append((start, 1 if a == 0 else 4, mido.Message("control_change", control=64, value=a, channel=0)))
    end = max(t for t, _, _ in messages) + beats(1.5)   # room for the release tail
    messages.sort(key=lambda m: (m[0], m[1]))
    now = 0
    for tick, _, msg in messages:
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=end - now))
    mid.save(path)
    return mid.length


def main():
    mid_path = os.path.join(HERE, "example.mid")
    wav_path = os.path.join(HERE, "example.wav")
    length = write_midi(mid_path)
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "render.wav")
        subprocess.run(["fluidsynth", "-ni", "-q", "-C", "0", "-g", "0.6", "-F", raw, "-r", str(SAMPLE_RATE),
                        SOUNDFONT, mid_path], check=True)
        # Mono by averaging, 16-bit, normalised to -1 dBFS; -R makes the dither repeatable; cut to the MIDI's length.
        subprocess.run(["sox", "-R", raw, "-b", "16", "-c", "1", "-r", str(SAMPLE_RATE), wav_path,
                        "trim", "0", "%.3f" % length, "channels", "1", "gain", "-n", "-1"], check=True)
    size = os.path.getsize(wav_path)
    print("wrote %s (%.2f s) and %s (%d bytes)" % (mid_path, length, wav_path, size))
    if size > 1_500_000:
        sys.exit("example.wav is over 1.5 MB")


if __name__ == "__main__":
    main()
