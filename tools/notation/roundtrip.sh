#!/usr/bin/env bash
# Scores MIDI files with `piano-transcribe score`, has MuseScore 3 re-export the MusicXML and abc2midi read the ABC,
# and prints how many of the score's notes each reads back identically (tools/notation/roundtrip.py).
# Usage: tools/notation/roundtrip.sh OUT_DIR FILE.mid...   (needs musescore3, xvfb, abcmidi, python3-mido)
set -euo pipefail
out="$1"; shift
mkdir -p "$out"
dotnet run --project "$(dirname "$0")/../../src/PianoTranscription.Cli" -c Release -- score "$@" --out-dir "$out" --format musicxml,abc,mid >/dev/null
names=()
for f in "$@"; do
  n="$(basename "${f%.*}")"; names+=("$n")
  xvfb-run -a mscore3 -o "$out/$n.back.musicxml" "$out/$n.musicxml" >/dev/null 2>&1
  abc2midi "$out/$n.abc" -o "$out/$n.abc.mid" >/dev/null
done
/usr/bin/python3 "$(dirname "$0")/roundtrip.py" "$out" "${names[@]}"
