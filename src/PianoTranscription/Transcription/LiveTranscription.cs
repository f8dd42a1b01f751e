using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Features;
using PianoTranscription.Inference;

namespace PianoTranscription.Transcription;

/// <summary>
/// Live (or chunked) transcription: <see cref="Push"/> blocks of samples of any size and receive each note and pedal
/// press as soon as it is final; <see cref="Complete"/> at the end returns the rest. Over a whole input the notes
/// equal those of <see cref="PianoTranscriber.Transcribe(AudioClip)"/> on the same samples, whatever the block sizes.
/// Create one with <see cref="PianoTranscriber.CreateStream"/>.
/// </summary>
/// <remarks>
/// <para>A stream holds per-input state and is not thread-safe: use one per audio input (the transcriber that made it
/// is shared freely). Memory stays constant however long the input.</para>
/// <para>Latency: the model runs on chunks of <see cref="PianoTranscriber.ChunkDuration"/> once
/// <see cref="PianoTranscriber.ContextDuration"/> more audio has arrived (context keeps chunk seams invisible), then
/// the decoder needs two more frames, and a note is returned when it ends. For live use build the transcriber with a
/// short chunk, e.g. <c>WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25))</c>.</para>
/// </remarks>
public sealed class LiveTranscription : IDisposable
{
    private const int BlockSamples = 1 << 14;
    private readonly PianoTranscriber _owner;
    private readonly IInferenceSession _session;
    private readonly ChunkRunner _runner;
    private readonly Framer _features;
    private readonly StreamingNoteDecoder _decoder;
    private readonly StreamingResampler? _resampler;
    private readonly float[]? _resampled;
    private readonly int _chunk;
    private readonly int _context;
    private long _nextChunk;
    private bool _disposed;

    private enum StreamState
    {
        Open,
        Completed,
        Failed,
        Disposed,
    }

    private StreamState State { get; set; }

    internal LiveTranscription(PianoTranscriber owner, int sampleRate, int chunkFrames, int contextFrames)
    {
        _owner = owner;
        InputSampleRate = sampleRate;
        _chunk = chunkFrames;
        _context = contextFrames;
        AcousticModel model = owner.Model;
        _session = owner.RentSession();
        _runner = new ChunkRunner(model, owner.Featurizer, _session);
        _features = CreateFramer(owner.Featurizer, owner.Threads);
        _decoder = new NoteDecoder(owner.DecoderOptions).CreateStream();
        if (sampleRate != owner.Featurizer.SampleRate)
        {
            _resampler = new Resampler(sampleRate, owner.Featurizer.SampleRate).CreateStream();
            _resampled = new float[_resampler.GetMaxOutputLength(BlockSamples)];
        }
    }

    /// <summary>The sample rate of the pushed samples (resampled to the model's rate inside).</summary>
    public int InputSampleRate { get; }

    /// <summary>Samples pushed so far (at <see cref="InputSampleRate"/>).</summary>
    public long SamplesPushed { get; private set; }

    /// <summary>How much of the input the model has processed so far (chunks wait for their context to arrive).</summary>
    public TimeSpan ProcessedDuration => TimeSpan.FromSeconds(_nextChunk / _owner.Featurizer.FrameRate);

    /// <summary>
    /// Returns the notes whose start was detected since the last call (pitch, onset, velocity, confidence; the end is
    /// not known yet) and forgets them. Call it after each <see cref="Push"/>. Each is later returned exactly once as a
    /// final note with the same pitch and onset by <see cref="Push"/> or <see cref="Complete"/>. Starts are decided as
    /// the model processes the input, so they follow the transcriber's chunking.
    /// </summary>
    /// <returns>The newly started notes; empty if none.</returns>
    public IReadOnlyList<NoteStart> TakeStarted() => _decoder.TakeStarted();

    /// <summary>True once <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted => State == StreamState.Completed;

    /// <summary>Adds the next samples and returns the notes and pedal presses that became final.</summary>
    /// <param name="samples">Mono samples at <see cref="InputSampleRate"/>, nominally in [-1, 1]; any length.</param>
    /// <param name="cancellationToken">Cancels the work for this block (the stream is then unusable).</param>
    /// <returns>The newly final notes (sorted by onset) and pedal presses.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite (the message gives its index).</exception>
    /// <exception cref="InvalidOperationException">The stream is completed, failed or disposed.</exception>
    public DecodedNotes Push(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        Append(samples, cancellationToken);
        return _decoder.TakeReady();
    }

    /// <summary>Ends the input: processes the rest and closes notes and pedal presses still sounding.</summary>
    /// <param name="cancellationToken">Cancels the remaining work.</param>
    /// <returns>The remaining notes and pedal presses.</returns>
    /// <exception cref="InvalidOperationException">The stream is already completed, failed or disposed.</exception>
    public DecodedNotes Complete(CancellationToken cancellationToken = default)
    {
        Enter();
        try
        {
            if (_resampler is not null)
            {
                var tail = new float[_resampler.FlushLength];
                int n = _resampler.Flush(tail);
                _features.Append(tail.AsSpan(0, n), cancellationToken);
            }

            _features.Complete(cancellationToken);
            RunReadyChunks(final: true, cancellationToken);
            _decoder.Finish();
            State = StreamState.Completed;
        }
        catch
        {
            State = StreamState.Failed;
            throw;
        }
        finally
        {
            ReturnSession();
        }

        return _decoder.TakeReady(shareEmpty: false);
    }

    /// <summary>Releases the stream's inference buffers back to its transcriber.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            ReturnSession();
            if (State == StreamState.Open)
            {
                State = StreamState.Disposed;
            }
        }
    }

    /// <summary>
    /// <see cref="Push"/> without taking the result: the notes and pedal presses that became final stay in the decoder,
    /// so <see cref="Complete"/> returns those of every block pushed this way, sorted once (the offline transcriber).
    /// </summary>
    internal void Append(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            while (!samples.IsEmpty)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<float> block = samples[..Math.Min(BlockSamples, samples.Length)];
                samples = samples[block.Length..];
                CheckFinite(block, SamplesPushed, nameof(samples));
                SamplesPushed += block.Length;
                if (_resampler is null)
                {
                    _features.Append(block, cancellationToken);
                }
                else
                {
                    int n = _resampler.Process(block, _resampled);
                    _features.Append(_resampled.AsSpan(0, n), cancellationToken);
                }

                RunReadyChunks(final: false, cancellationToken);
            }
        }
        catch
        {
            State = StreamState.Failed;
            throw;
        }
    }

    /// <summary>The framer a transcription computes its features with (the tests use the same one).</summary>
    /// <remarks>Samples are buffered 64 Ki (or four windows) at a time, so many frames are computed in parallel at once.</remarks>
    internal static Framer CreateFramer(Featurizer featurizer, int threads) =>
        new(featurizer, threads, sampleCapacity: Math.Max(featurizer.WindowSize * 4, 1 << 16), frameCapacity: 256);

    private void ReturnSession()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (State == StreamState.Failed)
            {
                // A run interrupted by an exception or a cancellation may leave the session's buffers half-used: drop it.
                _session.Dispose();
            }
            else
            {
                _owner.ReturnSession(_session);
            }
        }
    }

    private void Enter()
    {
        if (State != StreamState.Open || _disposed)
        {
            throw new InvalidOperationException(State switch
            {
                StreamState.Completed => "The stream is complete; create a new stream for more audio.",
                StreamState.Failed => "The stream failed or was cancelled earlier; create a new stream.",
                _ => "The stream has been disposed.",
            });
        }
    }

    private void RunReadyChunks(bool final, CancellationToken cancellationToken)
    {
        long available = _features.FramesComputed;
        while (true)
        {
            long start = _nextChunk;
            long end = start + _chunk;
            long runTo;
            if (final)
            {
                if (start >= available)
                {
                    break;
                }

                end = Math.Min(end, available);
                runTo = Math.Min(available, end + _context);
            }
            else
            {
                runTo = end + _context;
                if (runTo > available)
                {
                    break;
                }
            }

            long runFrom = Math.Max(_features.FirstFrameHeld, start - _context);
            Posteriorgram block = _runner.Run(_features.Frames(runFrom, runTo), runFrom, start, end, cancellationToken);
            _decoder.Append(block);
            _nextChunk = end;
            _features.DropFramesBefore(_nextChunk - _context);
        }
    }

    private static void CheckFinite(ReadOnlySpan<float> block, long offset, string paramName)
    {
        for (int i = 0; i < block.Length; i++)
        {
            if (!float.IsFinite(block[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Sample {offset + i} is {(float.IsNaN(block[i]) ? "NaN" : "infinite")}; audio samples must be finite numbers."),
                    paramName);
            }
        }
    }
}
