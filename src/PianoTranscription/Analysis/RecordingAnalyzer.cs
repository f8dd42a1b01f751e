using PianoTranscription.Audio;

namespace PianoTranscription.Analysis;

/// <summary>
/// Answers both of the clip model's questions about a recording — is it solo piano (<see cref="PianoDetector"/>) and
/// which instruments play (<see cref="InstrumentRecognizer"/>) — from <b>one</b> pass of the model when the detector
/// and the recognizer use the same model and silence thresholds (the defaults do), which halves the work of calling
/// both. The answers equal those of the two types called one by one. Immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// RecordingAnalysis a = RecordingAnalyzer.Default.Analyze(AudioClip.Load("take1.wav"));
/// Console.WriteLine($"{a.Piano}; {a.Instruments}");
/// </code>
/// </example>
public sealed class RecordingAnalyzer
{
    private static readonly Lazy<RecordingAnalyzer> DefaultAnalyzer = new(() => new RecordingAnalyzer(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates an analyzer from a detector and a recognizer.</summary>
    /// <param name="detector">The piano detector; null for <see cref="PianoDetector.Default"/>.</param>
    /// <param name="recognizer">The instrument recognizer; null for <see cref="InstrumentRecognizer.Default"/>.</param>
    public RecordingAnalyzer(PianoDetector? detector = null, InstrumentRecognizer? recognizer = null)
    {
        Detector = detector ?? PianoDetector.Default;
        Recognizer = recognizer ?? InstrumentRecognizer.Default;
    }

    /// <summary>An analyzer with the default detector and recognizer (the embedded model, one pass per recording).</summary>
    public static RecordingAnalyzer Default => DefaultAnalyzer.Value;

    /// <summary>The piano detector.</summary>
    public PianoDetector Detector { get; }

    /// <summary>The instrument recognizer.</summary>
    public InstrumentRecognizer Recognizer { get; }

    /// <summary>
    /// Whether one pass of the model serves both answers: true when the detector and the recognizer use the same
    /// model and the same silence thresholds.
    /// </summary>
    public bool SharesOnePass =>
        ReferenceEquals(Detector.Model, Recognizer.Model) && Detector.Options.Silence == Recognizer.Options.Silence;

    /// <summary>Analyses a clip.</summary>
    /// <param name="clip">Mono audio at any sample rate (resampled to the model's), at least one clip (1 s) long.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Both answers.</returns>
    /// <exception cref="ArgumentException">The clip is shorter than the model's clip, or a sample is NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public RecordingAnalysis Analyze(AudioClip clip, CancellationToken cancellationToken = default) => Analyze(clip, null, cancellationToken);

    /// <summary>Analyses an audio file (WAV, or anything ffmpeg reads).</summary>
    /// <param name="path">The audio file.</param>
    /// <returns>Both answers.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    /// <exception cref="ArgumentException">The audio is too short or has NaN or infinite samples.</exception>
    public RecordingAnalysis Analyze(string path) => Analyze(PianoDetector.LoadAudio(path, Detector.Model), null, CancellationToken.None);

    /// <summary>Analyses an audio file asynchronously.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="progress">Receives the fraction done (0 to 1); null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Both answers.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    /// <exception cref="ArgumentException">The audio is too short or has NaN or infinite samples.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public async Task<RecordingAnalysis> AnalyzeAsync(string path, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        AudioClip clip = await PianoDetector.LoadAudioAsync(path, Detector.Model, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Analyze(clip, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private RecordingAnalysis Analyze(AudioClip clip, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        double duration = clip.Duration.TotalSeconds;
        IReadOnlyList<ClipPrediction> clips = Detector.Model.Predict(clip, Detector.Options.Silence, SharesOnePass ? progress : Half(progress, 0), cancellationToken);
        PianoDetection piano = PianoDetector.FromClips(clips, duration);
        if (!SharesOnePass)
        {
            clips = Recognizer.Model.Predict(clip, Recognizer.Options.Silence, Half(progress, 0.5), cancellationToken);
        }

        return new RecordingAnalysis(piano, Recognizer.FromClips(clips, duration));
    }

    private static HalfProgress? Half(IProgress<double>? progress, double offset) => progress is null ? null : new HalfProgress(progress, offset);

    /// <summary>Reports a pass's fraction as one half of the whole, synchronously (on the reporting thread).</summary>
    private sealed class HalfProgress(IProgress<double> whole, double offset) : IProgress<double>
    {
        public void Report(double value) => whole.Report(offset + (value / 2));
    }
}
