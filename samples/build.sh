#!/usr/bin/env bash
# Tests what a user installs: packs every package into artifacts/packages, builds every sample against those packed
# packages (samples/nuget.config maps PianoTranscription* to that folder only; no project references), runs the
# samples' tests, then installs the CLI as a .NET tool from the packages and runs it on the example.
# Usage: samples/build.sh      (from anywhere; .ci/run calls it)
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf artifacts/packages artifacts/tool
dotnet pack PianoTranscription.sln -c Release -o artifacts/packages
ls artifacts/packages

# NuGet caches a package by id and version: drop earlier packs of this version so the samples get these ones.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/pianotranscription*

dotnet build samples/Samples.slnx -c Release
# The Blazor WebAssembly app as the static site a web server would host (its test serves it to headless Chromium).
rm -rf artifacts/blazorwasm
dotnet publish samples/BlazorWasm -c Release -o artifacts/blazorwasm
dotnet test samples/Samples.Tests -c Release --no-build

# The CLI exactly as a user installs it.
dotnet tool install PianoTranscription.Cli --version 0.1.0 --tool-path artifacts/tool --add-source artifacts/packages
artifacts/tool/piano-transcribe transcribe samples/example.wav -o artifacts/tool/example.mid
test -s artifacts/tool/example.mid
# Score it against the MIDI the example was rendered from; fail unless the note F1 is sensible.
artifacts/tool/piano-transcribe evaluate samples/example.mid artifacts/tool/example.mid | tee artifacts/tool/evaluate.txt
awk '/^notes \(onset\)/ { if ($5 + 0 < 0.7) { print "note F1 " $5 " < 0.7"; exit 1 } }' artifacts/tool/evaluate.txt
# docs/getting-started.md, followed as a new user would: dotnet new console, add the package, its Program.cs, run.
app=$(mktemp -d)/MyTranscriber
dotnet new console -n MyTranscriber -o "$app" >/dev/null
sed "s|../artifacts/packages|$PWD/artifacts/packages|" samples/nuget.config > "$app/nuget.config"
(cd "$app" && dotnet add package PianoTranscription --version 0.1.0 >/dev/null)
awk '/<!-- getting-started:program -->/ { on = 1; next } on && /^```csharp/ { code = 1; next } code && /^```/ { exit } code' \
  docs/getting-started.md > "$app/Program.cs"
cp samples/example.wav "$app/recording.wav"
(cd "$app" && dotnet run -c Release -- recording.wav)
test -s "$app/recording.mid"
echo "samples: packages, samples, the installed tool and the getting-started page OK"
