namespace PianoTranscription.Transcription;

/// <summary>A source of mono samples read block by block (a WAV stream or an ffmpeg pipe).</summary>
internal interface ISampleReader : IDisposable
{
    /// <summary>Samples per second.</summary>
    int SampleRate { get; }

    /// <summary>The number of samples when known in advance.</summary>
    long? FrameCount { get; }

    /// <summary>Reads up to <paramref name="destination"/>.Length samples; 0 at the end.</summary>
    int Read(Span<float> destination);
}
