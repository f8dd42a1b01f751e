#!/usr/bin/env bash
# Score a model with the accuracy harness on every split this training uses, writing the tables docs/model.md quotes:
#   training/evaluate.sh [MODEL.onnx] [OUT_DIR]      (defaults: the embedded model, training/work/eval)
#   test:  the held-out MAPS piano SptkBGCl, straight from ../shared (clean) and its augmented renders
#   val:   the MuseScore_General pieces (clean, augmented), continuity with the 1.0.0 figures
#   tune:  the maps_tune split (the thresholds were chosen on it: not a reported figure)
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-src/PianoTranscription/Models/piano-default.onnx}
OUT=${2:-training/work/eval}
SHARED=${SHARED:-../shared}
mkdir -p "$OUT"
dotnet build -c Release benchmarks/PianoTranscription.Accuracy >/dev/null
H="dotnet benchmarks/PianoTranscription.Accuracy/bin/Release/net10.0/PianoTranscription.Accuracy.dll --model $MODEL"
W=training/work
$H --audio "$SHARED/data/maps-synth" --reference "$SHARED/data/maps-synth" --match _SptkBGCl --by-register \
  --json "$OUT/test-clean.json" > "$OUT/test-clean.txt"
$H --audio $W/audio/maps_test --reference $W/data/maps_test --augmented only --by-register \
  --json "$OUT/test-augmented.json" > "$OUT/test-augmented.txt"
$H --audio $W/audio/val --reference $W/data/val --by-register --json "$OUT/val-clean.json" > "$OUT/val-clean.txt"
$H --audio $W/audio/val --reference $W/data/val --augmented only --json "$OUT/val-augmented.json" > "$OUT/val-augmented.txt"
$H --audio $W/audio/maps_tune --reference $W/data/maps_tune --augmented include --json "$OUT/tune.json" > "$OUT/tune.txt"
for f in test-clean test-augmented val-clean val-augmented tune; do
  printf '%-15s ' "$f"; grep '^MEAN' "$OUT/$f.txt"; printf '%-15s ' ""; grep '^note+offset+velocity' "$OUT/$f.txt"
done
