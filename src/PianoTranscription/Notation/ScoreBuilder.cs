using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;

namespace PianoTranscription.Notation;

/// <summary>
/// Builds a <see cref="Score"/> from performed notes: beats, meter and pickup (<see cref="BeatTracker"/>), onsets and
/// durations on the beat grid (<see cref="Quantizer"/>), and the hands (<see cref="HandSplitter"/>). Each score
/// note keeps the performed note it came from.
/// </summary>
public static class ScoreBuilder
{
    /// <summary>Builds a score.</summary>
    /// <param name="notes">The performed notes (seconds), any order.</param>
    /// <param name="options">The options; null for <see cref="ScoreOptions.Default"/>.</param>
    /// <param name="key">The key to write, or null for none (C major, no accidentals).</param>
    /// <returns>The score; without notes, an empty score in the fixed or default meter at the fixed or 120 bpm tempo.</returns>
    /// <exception cref="ArgumentException">A note has a non-finite or negative time, or its offset is before its onset.</exception>
    public static Score Build(IReadOnlyList<Note> notes, ScoreOptions? options = null, Key? key = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        options ??= ScoreOptions.Default;
        BeatTracker.Validate(notes, nameof(notes));
        const int tpq = ScoreOptions.TicksPerQuarterNote;
        BeatTrackerOptions beatOptions = options.EffectiveBeats;
        if (notes.Count == 0)
        {
            TimeSignature signature = beatOptions.TimeSignature ?? TimeSignature.FourFour;
            double bpm = beatOptions.BeatsPerMinute ?? 120;
            double quarterBpm = bpm * signature.TicksPerBeat(tpq) / tpq;
            return new Score([], TempoMap.Constant(tpq, quarterBpm), signature, 0, key, title: options.Title);
        }

        BeatAnalysis beats = new BeatTracker(beatOptions).Analyze(notes);
        QuantizedTiming timing = new Quantizer(options.Quantization).Quantize(notes, beats, tpq);
        Hand[] hands = new HandSplitter(options.Hands).Split(notes);
        var scoreNotes = new ScoreNote[notes.Count];
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            scoreNotes[i] = new ScoreNote(n.Pitch, Math.Clamp(n.Velocity, 1, 127), timing.StartTicks[i], timing.DurationTicks[i], hands[i], 1, n);
        }

        return new Score(scoreNotes, timing.TempoMap, beats.TimeSignature, timing.PickupTicks, key, beats.Beats, beats.Downbeats, options.Title);
    }
}
