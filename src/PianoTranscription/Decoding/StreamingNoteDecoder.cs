using PianoTranscription.Inference;

namespace PianoTranscription.Decoding;

/// <summary>
/// Decodes a stream of consecutive posteriorgram blocks, returning each note and pedal press as soon as it is final.
/// Whatever the block sizes, the notes returned over the whole stream are exactly those
/// <see cref="NoteDecoder.Decode"/> returns for the joined posteriorgram.
/// </summary>
/// <remarks>
/// Create one with <see cref="NoteDecoder.CreateStream"/>. A stream holds per-stream state and is not thread-safe;
/// use one per audio stream. It keeps only a few frames of history, so memory does not grow with the stream.
/// Decisions about frame <c>n</c> need frames up to <c>n + 2</c> (40 ms at 50 frames/s), so that is the decoding
/// latency on top of the note's own duration. Call <see cref="Complete"/> at the end to close notes still sounding.
/// </remarks>
public sealed class StreamingNoteDecoder
{
    private const int Keys = Posteriorgram.KeyCount;
    private const int Lookahead = 2;
    private const int RingSize = 8;
    private const int Mask = RingSize - 1;

    private readonly DecoderOptions options;
    private readonly float[] onsetRing = new float[RingSize * Keys];
    private readonly float[] frameRing = new float[RingSize * Keys];
    private readonly float[] offsetRing = new float[RingSize * Keys];
    private readonly float[] velocityRing = new float[RingSize * Keys];
    private readonly float[] pedalOnsetRing = new float[RingSize];
    private readonly float[] pedalFrameRing = new float[RingSize];
    private readonly float[] pedalOffsetRing = new float[RingSize];

    private readonly bool[] active = new bool[Keys];
    private readonly long[] noteStartFrame = new long[Keys];
    private readonly double[] noteOnset = new double[Keys];
    private readonly int[] noteVelocity = new int[Keys];
    private readonly float[] noteConfidence = new float[Keys];
    private readonly double[] lastOnset = new double[Keys];

    private readonly List<Note> readyNotes = [];
    private readonly List<PedalInterval> readyPedals = [];
    private readonly List<NoteStart> readyStarts = [];

    private bool started;
    private bool completed;
    private double frameRate;
    private double startTime;
    private bool hasOffset;
    private bool hasVelocity;
    private bool hasPedalOnset;
    private bool hasPedalFrame;
    private bool hasPedalOffset;
    private long received;
    private long next;

    private bool pedalActive;
    private bool pedalStartedByFrame;
    private long pedalStartFrame;
    private double pedalOnset;
    private float pedalConfidence;

    internal StreamingNoteDecoder(DecoderOptions options)
    {
        this.options = options;
        Array.Fill(lastOnset, double.NegativeInfinity);
    }

    /// <summary>
    /// Returns the notes whose onset was decided since the last call (in decision order) and forgets them.
    /// Each is reported exactly once, at most a couple of frames after its onset peak, and its final
    /// <see cref="Note"/> (same pitch, onset, velocity and confidence) is returned later by <see cref="Push"/> or
    /// <see cref="Complete"/>.
    /// </summary>
    /// <returns>The note starts decided since the last call; empty if none.</returns>
    public IReadOnlyList<NoteStart> TakeStarted()
    {
        if (readyStarts.Count == 0)
        {
            return [];
        }

        NoteStart[] result = [.. readyStarts];
        readyStarts.Clear();
        return result;
    }

    /// <summary>The number of frames received so far.</summary>
    public long FramesReceived => received;

    /// <summary>
    /// Adds the next block of frames and returns the notes and pedal presses that became final.
    /// </summary>
    /// <param name="block">
    /// The next block: same frame rate and heads as the first block, starting where the previous block ended
    /// (its <see cref="Posteriorgram.StartTime"/> within a quarter frame of that time). Empty blocks are allowed.
    /// </param>
    /// <returns>The notes and pedal presses that ended within the frames decided so far.</returns>
    /// <exception cref="ArgumentException">
    /// A head holds NaN or an infinite value, or the block does not continue the stream.
    /// </exception>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public DecodedNotes Push(Posteriorgram block)
    {
        Append(block);
        return TakeReady();
    }

    /// <summary>
    /// Ends the stream: decides the last frames and closes notes and pedal presses still sounding at the last frame.
    /// </summary>
    /// <returns>The remaining notes and pedal presses.</returns>
    /// <exception cref="InvalidOperationException">The stream was already completed.</exception>
    public DecodedNotes Complete()
    {
        Finish();
        return TakeReady();
    }

    /// <summary>
    /// <see cref="Push"/> without taking the result: the notes and pedal presses that became final stay queued, in
    /// decision order, for a later <see cref="TakeReady"/> (callers that gather several blocks sort them once).
    /// </summary>
    internal void Append(Posteriorgram block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (completed)
        {
            throw new InvalidOperationException("The stream is complete; create a new stream to decode more.");
        }

        if (block.FrameCount == 0)
        {
            return;
        }

        CheckLayout(block);
        CheckFinite(block, nameof(block));

        ReadOnlySpan<float> onset = block.Onset.Span;
        ReadOnlySpan<float> frame = block.Frame.Span;
        ReadOnlySpan<float> offset = block.Offset.Span;
        ReadOnlySpan<float> velocity = block.Velocity.Span;
        ReadOnlySpan<float> pedalOnsetHead = block.PedalOnset.Span;
        ReadOnlySpan<float> pedalFrameHead = block.PedalFrame.Span;
        ReadOnlySpan<float> pedalOffsetHead = block.PedalOffset.Span;
        for (int t = 0; t < block.FrameCount; t++)
        {
            int slot = (int)(received & Mask);
            onset.Slice(t * Keys, Keys).CopyTo(onsetRing.AsSpan(slot * Keys, Keys));
            frame.Slice(t * Keys, Keys).CopyTo(frameRing.AsSpan(slot * Keys, Keys));
            if (hasOffset)
            {
                offset.Slice(t * Keys, Keys).CopyTo(offsetRing.AsSpan(slot * Keys, Keys));
            }

            if (hasVelocity)
            {
                velocity.Slice(t * Keys, Keys).CopyTo(velocityRing.AsSpan(slot * Keys, Keys));
            }

            pedalOnsetRing[slot] = hasPedalOnset ? pedalOnsetHead[t] : 0f;
            pedalFrameRing[slot] = hasPedalFrame ? pedalFrameHead[t] : 0f;
            pedalOffsetRing[slot] = hasPedalOffset ? pedalOffsetHead[t] : 0f;
            received++;
            if (received - 1 - Lookahead >= next)
            {
                ProcessFrame(next, received - 1);
                next++;
            }
        }
    }

    /// <summary><see cref="Complete"/> without taking the result: the last notes and pedal presses stay queued.</summary>
    internal void Finish()
    {
        if (completed)
        {
            throw new InvalidOperationException("The stream is already complete.");
        }

        completed = true;
        long last = received - 1;
        while (next <= last)
        {
            ProcessFrame(next, last);
            next++;
        }

        if (received > 0)
        {
            double end = Time(last);
            for (int key = 0; key < Keys; key++)
            {
                if (active[key])
                {
                    EndNote(key, end, restrike: false);
                }
            }

            if (pedalActive)
            {
                EndPedal(end);
            }
        }
    }

    /// <summary>
    /// Returns the queued notes and pedal presses, sorted once (<see cref="DecodedNotes"/>'s order), and forgets them.
    /// </summary>
    /// <param name="shareEmpty">Whether nothing queued gives <see cref="DecodedNotes.Empty"/> rather than a new empty result.</param>
    internal DecodedNotes TakeReady(bool shareEmpty = true)
    {
        if (shareEmpty && readyNotes.Count == 0 && readyPedals.Count == 0)
        {
            return DecodedNotes.Empty;
        }

        var result = DecodedNotes.Own([.. readyNotes], [.. readyPedals]);
        readyNotes.Clear();
        readyPedals.Clear();
        return result;
    }

    private double Time(double framePosition) => startTime + framePosition / frameRate;

    private void ProcessFrame(long n, long last)
    {
        int slot = (int)(n & Mask);
        int previousSlot = (int)((n - 1) & Mask);
        for (int key = 0; key < Keys; key++)
        {
            if (RegressionPeak.TryFind(onsetRing, Mask, Keys, key, n, last, options.OnsetThreshold, out double delta, out float height))
            {
                double onsetTime = Time(n + delta);
                if (onsetTime - lastOnset[key] >= options.MinInterOnsetInterval)
                {
                    if (active[key])
                    {
                        EndNote(key, onsetTime, restrike: true);
                    }

                    StartNote(key, n, onsetTime, slot, height);
                    continue;
                }
            }

            if (!active[key] || n <= noteStartFrame[key])
            {
                continue;
            }

            if (hasOffset && RegressionPeak.TryFind(offsetRing, Mask, Keys, key, n, last, options.OffsetThreshold, out double offsetDelta, out _))
            {
                EndNote(key, Time(n + offsetDelta), restrike: false);
                continue;
            }

            float current = frameRing[slot * Keys + key];
            if (current < options.FrameThreshold)
            {
                float previous = frameRing[previousSlot * Keys + key];
                double position = previous >= options.FrameThreshold
                    ? n - 1 + (previous - (double)options.FrameThreshold) / (previous - (double)current)
                    : n - 0.5;
                EndNote(key, Time(position), restrike: false);
            }
        }

        ProcessPedal(n, last, slot, previousSlot);
    }

    private void StartNote(int key, long n, double onsetTime, int slot, float height)
    {
        int velocity = options.DefaultVelocity;
        if (hasVelocity)
        {
            double v = Math.Round(velocityRing[slot * Keys + key] * 127.0, MidpointRounding.AwayFromZero);
            velocity = (int)Math.Clamp(v, 1.0, 127.0);
        }

        active[key] = true;
        noteStartFrame[key] = n;
        noteOnset[key] = onsetTime;
        lastOnset[key] = onsetTime;
        noteVelocity[key] = velocity;
        noteConfidence[key] = Math.Clamp(height, 0f, 1f);
        readyStarts.Add(new NoteStart(key + Note.LowestPianoPitch, onsetTime, velocity, noteConfidence[key]));
    }

    private void EndNote(int key, double end, bool restrike)
    {
        double onsetTime = noteOnset[key];
        double offsetTime = restrike ? end : Math.Max(end, onsetTime + options.MinNoteDuration);
        if (!(offsetTime > onsetTime))
        {
            // A zero-length note (MinNoteDuration = 0 and an end at the onset) still gets a representable length.
            offsetTime = onsetTime + 1e-6;
        }

        readyNotes.Add(new Note(key + Note.LowestPianoPitch, onsetTime, offsetTime, noteVelocity[key], noteConfidence[key]));
        active[key] = false;
    }

    private void ProcessPedal(long n, long last, int slot, int previousSlot)
    {
        if (hasPedalOnset && RegressionPeak.TryFind(pedalOnsetRing, Mask, 1, 0, n, last, options.PedalOnsetThreshold, out double delta, out float height))
        {
            double t = Time(n + delta);
            if (pedalActive && pedalStartedByFrame && n - pedalStartFrame <= Lookahead)
            {
                // The frame head rose just before the onset peak: the peak places the press more precisely.
                pedalOnset = t;
                pedalStartedByFrame = false;
                pedalConfidence = Math.Max(pedalConfidence, Math.Clamp(height, 0f, 1f));
                return;
            }

            if (pedalActive)
            {
                EndPedal(t);
            }

            StartPedal(n, t, byFrame: false, height);
            return;
        }

        float current = pedalFrameRing[slot];
        float previous = n >= 1 ? pedalFrameRing[previousSlot] : 0f;
        float threshold = options.PedalFrameThreshold;
        if (!pedalActive)
        {
            if (hasPedalFrame && current > threshold && previous <= threshold)
            {
                double position = n >= 1 ? n - 1 + (threshold - (double)previous) / (current - (double)previous) : n;
                StartPedal(n, Time(position), byFrame: true, current);
            }

            return;
        }

        if (n <= pedalStartFrame)
        {
            return;
        }

        if (hasPedalOffset && RegressionPeak.TryFind(pedalOffsetRing, Mask, 1, 0, n, last, options.PedalOffsetThreshold, out double offsetDelta, out _))
        {
            EndPedal(Time(n + offsetDelta));
            return;
        }

        if (hasPedalFrame && current < threshold)
        {
            double position = previous >= threshold ? n - 1 + (previous - (double)threshold) / (previous - (double)current) : n - 0.5;
            EndPedal(Time(position));
        }
    }

    private void StartPedal(long n, double t, bool byFrame, float confidence)
    {
        pedalActive = true;
        pedalStartedByFrame = byFrame;
        pedalStartFrame = n;
        pedalOnset = t;
        pedalConfidence = Math.Clamp(confidence, 0f, 1f);
    }

    private void EndPedal(double t)
    {
        pedalActive = false;
        if (t - pedalOnset >= options.MinPedalDuration && t > pedalOnset)
        {
            readyPedals.Add(new PedalInterval(pedalOnset, t, pedalConfidence));
        }
    }

    private void CheckLayout(Posteriorgram block)
    {
        bool offset = block.Has(ModelHead.Offset);
        bool velocity = block.Has(ModelHead.Velocity);
        bool pOnset = block.Has(ModelHead.PedalOnset);
        bool pFrame = block.Has(ModelHead.PedalFrame);
        bool pOffset = block.Has(ModelHead.PedalOffset);
        if (!started)
        {
            if (!(block.FrameRate > 0) || double.IsInfinity(block.FrameRate) || !double.IsFinite(block.StartTime))
            {
                throw new ArgumentException("The posteriorgram's frame rate and start time must be finite.", nameof(block));
            }

            started = true;
            frameRate = block.FrameRate;
            startTime = block.StartTime;
            (hasOffset, hasVelocity, hasPedalOnset, hasPedalFrame, hasPedalOffset) = (offset, velocity, pOnset, pFrame, pOffset);
            return;
        }

        if (block.FrameRate != frameRate)
        {
            throw new ArgumentException($"The block's frame rate {block.FrameRate} differs from the stream's {frameRate}.", nameof(block));
        }

        double expected = Time(received);
        if (!(Math.Abs(block.StartTime - expected) <= 0.25 / frameRate))
        {
            throw new ArgumentException(
                $"The block starts at {block.StartTime} s but the stream continues at {expected} s; blocks must be consecutive.", nameof(block));
        }

        if ((offset, velocity, pOnset, pFrame, pOffset) != (hasOffset, hasVelocity, hasPedalOnset, hasPedalFrame, hasPedalOffset))
        {
            throw new ArgumentException("The block has a different set of heads than the stream's first block.", nameof(block));
        }
    }

    private static void CheckFinite(Posteriorgram block, string paramName)
    {
        CheckHead(block.Onset.Span, "onset", Keys, paramName);
        CheckHead(block.Frame.Span, "frame", Keys, paramName);
        CheckHead(block.Offset.Span, "offset", Keys, paramName);
        CheckHead(block.Velocity.Span, "velocity", Keys, paramName);
        CheckHead(block.PedalOnset.Span, "pedal onset", 1, paramName);
        CheckHead(block.PedalFrame.Span, "pedal frame", 1, paramName);
        CheckHead(block.PedalOffset.Span, "pedal offset", 1, paramName);
    }

    private static void CheckHead(ReadOnlySpan<float> values, string head, int stride, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                string where = stride == 1 ? $"frame {i}" : $"frame {i / stride}, pitch {i % stride + Note.LowestPianoPitch}";
                throw new ArgumentException($"The {head} head holds {values[i]} at {where}; model outputs must be finite.", paramName);
            }
        }
    }
}
