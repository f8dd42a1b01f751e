using PianoTranscription.Audio;

namespace PianoTranscription.Analysis;

/// <summary>
/// Tells whether a recording is solo piano, piano with other instruments, or no piano: a class and probabilities for
/// every segment (1 s with the embedded model) and for the whole recording; silent and near-silent segments are
/// reported as <see cref="PianoPresence.Silence"/>, not classified. Immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// PianoDetection d = PianoDetector.Default.Detect(AudioClip.Load("take1.wav"));
/// if (!d.IsSoloPiano) Console.WriteLine($"not solo piano: {d}");
/// foreach (PianoSegment s in d.Segments) Console.WriteLine($"{s.Start}-{s.End} s: {s.Presence}");
/// </code>
/// </example>
public sealed class PianoDetector
{
    private static readonly Lazy<PianoDetector> DefaultDetector = new(() => new PianoDetector(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The settings; null for <see cref="PianoDetectorOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public PianoDetector(PianoDetectorOptions? options = null)
    {
        Options = options ?? PianoDetectorOptions.Default;
        Options.Validate();
    }

    /// <summary>A detector with the default settings and the embedded model.</summary>
    public static PianoDetector Default => DefaultDetector.Value;

    /// <summary>The settings.</summary>
    public PianoDetectorOptions Options { get; }

    /// <summary>The clip model these settings use (shared with <see cref="RecordingAnalyzer"/>).</summary>
    internal AnalysisModel Model => Options.Model ?? AnalysisModel.Default;

    /// <summary>Detects piano in a clip.</summary>
    /// <param name="clip">Mono audio at any sample rate (resampled to the model's), at least one clip (1 s) long.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The detection.</returns>
    /// <exception cref="ArgumentException">The clip is shorter than the model's clip, or a sample is NaN or infinite.</exception>
    public PianoDetection Detect(AudioClip clip, CancellationToken cancellationToken = default) => Detect(clip, null, cancellationToken);

    /// <summary>Detects piano in an audio file (WAV, or anything ffmpeg reads).</summary>
    /// <param name="path">The audio file.</param>
    /// <returns>The detection.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    /// <exception cref="ArgumentException">The audio is too short or has NaN or infinite samples.</exception>
    public PianoDetection Detect(string path) => Detect(LoadAudio(path, Model), null, CancellationToken.None);

    /// <summary>Detects piano in an audio file asynchronously.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="progress">Receives the fraction done (0 to 1); null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The detection.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    /// <exception cref="ArgumentException">The audio is too short or has NaN or infinite samples.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public async Task<PianoDetection> DetectAsync(string path, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        AudioClip clip = await LoadAudioAsync(path, Model, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Detect(clip, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    internal static AudioClip LoadAudio(string path, AnalysisModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AudioClip.Load(path, AudioLoadOptions.Default with { SampleRate = model.Featurizer.SampleRate });
    }

    internal static Task<AudioClip> LoadAudioAsync(string path, AnalysisModel model, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AudioClip.LoadAsync(path, AudioLoadOptions.Default with { SampleRate = model.Featurizer.SampleRate }, cancellationToken);
    }

    private PianoDetection Detect(AudioClip clip, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return FromClips(Model.Predict(clip, Options.Silence, progress, cancellationToken), clip.Duration.TotalSeconds);
    }

    /// <summary>The detection from the clip model's answers (shared with <see cref="RecordingAnalyzer"/>).</summary>
    internal static PianoDetection FromClips(IReadOnlyList<ClipPrediction> clips, double seconds)
    {
        PianoSegment[] segments = clips.Select(c =>
        {
            PianoProbabilities? p = c.Piano is { } v ? new PianoProbabilities(v[0], v[1], v[2]) : null;
            return new PianoSegment(c.Start, c.End, p?.MostLikely ?? PianoPresence.Silence, p, c.LevelDb, c.Activity);
        }).ToArray();
        return new PianoDetection(segments, seconds);
    }
}
