#!/usr/bin/env bash
# Regenerates every picture of the documentation site from real outputs:
#   docs/images/example-roll.png          the CLI's piano roll of samples/example.wav
#   docs/images/accuracy-by-register.png  } tools/docs/make_charts.py, from the benchmark outputs in
#   docs/images/speed-vs-peers.png        } docs/benchmarks/data/ (its docstring gives the commands that write them)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run --project src/PianoTranscription.Cli -c Release -- transcribe samples/example.wav -o docs/images/example-roll.png
/usr/bin/python3 tools/docs/make_charts.py
