using PianoTranscription.Audio;

namespace PianoTranscription.Analysis;

/// <summary>
/// Recognises which of 12 instruments (<see cref="Instrument"/>) play in each segment of a recording (3 s by default),
/// as multi-label presence: mixtures report several. Trained on SoundFont renders and a few recorded samples; its
/// accuracy on real recordings is unmeasured (docs/analysis.md). Immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// InstrumentRecognition r = InstrumentRecognizer.Default.Recognize(AudioClip.Load("band.wav"));
/// Console.WriteLine(r);                                   // e.g. "Drums 0.98, ElectricBass 0.91 (predominant Drums)"
/// foreach (InstrumentSegment s in r.Segments) Console.WriteLine($"{s.Start}-{s.End} s: {string.Join(", ", s.Present)}");
/// </code>
/// </example>
public sealed class InstrumentRecognizer
{
    private static readonly Lazy<InstrumentRecognizer> DefaultRecognizer = new(() => new InstrumentRecognizer(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a recognizer.</summary>
    /// <param name="options">The settings; null for <see cref="InstrumentRecognizerOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public InstrumentRecognizer(InstrumentRecognizerOptions? options = null)
    {
        Options = options ?? InstrumentRecognizerOptions.Default;
        Options.Validate();
    }

    /// <summary>A recognizer with the default settings and the embedded model.</summary>
    public static InstrumentRecognizer Default => DefaultRecognizer.Value;

    /// <summary>The settings.</summary>
    public InstrumentRecognizerOptions Options { get; }

    /// <summary>The clip model these settings use (shared with <see cref="RecordingAnalyzer"/>).</summary>
    internal AnalysisModel Model => Options.Model ?? AnalysisModel.Default;

    /// <summary>Recognises the instruments of a clip.</summary>
    /// <param name="clip">Mono audio at any sample rate (resampled to the model's), at least one clip (1 s) long.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The recognition.</returns>
    /// <exception cref="ArgumentException">The clip is shorter than the model's clip, or a sample is NaN or infinite.</exception>
    public InstrumentRecognition Recognize(AudioClip clip, CancellationToken cancellationToken = default) => Recognize(clip, null, cancellationToken);

    /// <summary>Recognises the instruments of an audio file (WAV, or anything ffmpeg reads).</summary>
    /// <param name="path">The audio file.</param>
    /// <returns>The recognition.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    /// <exception cref="ArgumentException">The audio is too short or has NaN or infinite samples.</exception>
    public InstrumentRecognition Recognize(string path) => Recognize(PianoDetector.LoadAudio(path, Model), null, CancellationToken.None);

    /// <summary>Recognises the instruments of an audio file asynchronously.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="progress">Receives the fraction done (0 to 1); null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The recognition.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    /// <exception cref="ArgumentException">The audio is too short or has NaN or infinite samples.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public async Task<InstrumentRecognition> RecognizeAsync(string path, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        AudioClip clip = await PianoDetector.LoadAudioAsync(path, Model, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Recognize(clip, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private InstrumentRecognition Recognize(AudioClip clip, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return FromClips(Model.Predict(clip, Options.Silence, progress, cancellationToken), clip.Duration.TotalSeconds);
    }

    /// <summary>The recognition from the clip model's answers (shared with <see cref="RecordingAnalyzer"/>).</summary>
    internal InstrumentRecognition FromClips(IReadOnlyList<ClipPrediction> clips, double duration)
    {
        AnalysisModel model = Model;
        var segments = new List<InstrumentSegment>();
        for (int g = 0; g < clips.Count; g += Options.SegmentClips)
        {
            ClipPrediction[] part = clips.Skip(g).Take(Options.SegmentClips).ToArray();
            ClipPrediction[] sound = part.Where(c => c.Instruments is not null).ToArray();

            // The segment's level from its clips' mean power, weighted by their lengths.
            double energy = part.Sum(c => Math.Pow(10, c.LevelDb / 10) * (c.End - c.Start));
            double seconds = part.Sum(c => c.End - c.Start);
            double level = energy > 0 ? 10 * Math.Log10(energy / seconds) : double.NegativeInfinity;
            AudioActivity activity = sound.Length > 0 ? AudioActivity.Sound
                : part.Any(c => c.Activity == AudioActivity.NearSilence) ? AudioActivity.NearSilence : AudioActivity.Silence;
            Dictionary<Instrument, double>? probabilities = sound.Length == 0 ? null
                : model.Instruments.Select((instrument, i) => (instrument, p: sound.Average(c => (double)c.Instruments![i])))
                    .ToDictionary(x => x.instrument, x => x.p);
            segments.Add(new InstrumentSegment(part[0].Start, part[^1].End, level, activity, probabilities, Options.Threshold));
        }

        return new InstrumentRecognition(segments, duration, Options.Threshold);
    }
}
