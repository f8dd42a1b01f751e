using PianoTranscription.Inference;

namespace PianoTranscription.Decoding;

/// <summary>
/// Renders the ideal model outputs for known notes and pedal presses: Kong-style regression targets for the onset
/// and offset heads, binary frame targets and velocity targets. Useful to test decoders and to inspect labels.
/// </summary>
/// <remarks>
/// For an event at time τ (in frames, <c>(τ_seconds - startTime) * frameRate</c>) the onset/offset target of frame
/// <c>t</c> is <c>max(0, 1 - |t - τ| / J)</c>, combined over events of one key by maximum. The frame target is 1
/// for frames whose centre lies in <c>[onset, offset)</c>. The velocity target is <c>velocity / 127</c> from J
/// frames before the onset to the note's end; later notes of a key overwrite earlier ones. Pedal heads follow the
/// same rules with one channel.
/// </remarks>
public static class TargetRenderer
{
    /// <summary>Renders targets for notes and pedal presses.</summary>
    /// <param name="notes">Notes (pitch 21 to 108).</param>
    /// <param name="pedals">Sustain-pedal presses, or null for none (the pedal heads are then all zero).</param>
    /// <param name="frameCount">The number of frames to render.</param>
    /// <param name="frameRate">Frames per second.</param>
    /// <param name="startTime">Time of frame 0's centre in seconds.</param>
    /// <param name="halfWidthFrames">J: how many frames the regression triangles reach to each side; default 5.</param>
    /// <returns>A posteriorgram holding all seven heads.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count, rate, width or note pitch is out of range.</exception>
    public static Posteriorgram Render(
        IReadOnlyList<Note> notes,
        IReadOnlyList<PedalInterval>? pedals,
        int frameCount,
        double frameRate = 50,
        double startTime = 0,
        double halfWidthFrames = 5)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be a positive number.");
        }

        if (!(halfWidthFrames > 0) || double.IsInfinity(halfWidthFrames))
        {
            throw new ArgumentOutOfRangeException(nameof(halfWidthFrames), halfWidthFrames, "The half width must be a positive number of frames.");
        }

        const int keys = Posteriorgram.KeyCount;
        var onset = new float[frameCount * keys];
        var frame = new float[frameCount * keys];
        var offset = new float[frameCount * keys];
        var velocity = new float[frameCount * keys];
        Note[] sorted = notes.ToArray();
        Array.Sort(sorted, NoteOrder.Instance);
        foreach (Note note in sorted)
        {
            if (note.Pitch is < Note.LowestPianoPitch or > Note.HighestPianoPitch)
            {
                throw new ArgumentOutOfRangeException(nameof(notes), note.Pitch, $"Note pitch {note.Pitch} is outside the piano range 21-108.");
            }

            int key = note.Pitch - Note.LowestPianoPitch;
            double on = (note.Onset - startTime) * frameRate;
            double off = (note.Offset - startTime) * frameRate;
            Triangle(onset, keys, key, frameCount, on, halfWidthFrames);
            Triangle(offset, keys, key, frameCount, off, halfWidthFrames);
            Fill(frame, keys, key, frameCount, on, off, 1f);
            Fill(velocity, keys, key, frameCount, on - halfWidthFrames, Math.Max(off, on + 1), note.Velocity / 127f);
        }

        var pedalOnset = new float[frameCount];
        var pedalFrame = new float[frameCount];
        var pedalOffset = new float[frameCount];
        foreach (PedalInterval pedal in pedals ?? [])
        {
            double on = (pedal.Onset - startTime) * frameRate;
            double off = (pedal.Offset - startTime) * frameRate;
            Triangle(pedalOnset, 1, 0, frameCount, on, halfWidthFrames);
            Triangle(pedalOffset, 1, 0, frameCount, off, halfWidthFrames);
            Fill(pedalFrame, 1, 0, frameCount, on, off, 1f);
        }

        return new Posteriorgram(frameRate, startTime, onset, frame, offset, velocity, pedalOnset, pedalFrame, pedalOffset);
    }

    private static void Triangle(float[] head, int stride, int channel, int frameCount, double center, double width)
    {
        int first = (int)Math.Max(0, Math.Ceiling(center - width));
        int last = (int)Math.Min(frameCount - 1, Math.Floor(center + width));
        for (int t = first; t <= last; t++)
        {
            float v = (float)(1 - Math.Abs(t - center) / width);
            ref float cell = ref head[t * stride + channel];
            cell = Math.Max(cell, v);
        }
    }

    private static void Fill(float[] head, int stride, int channel, int frameCount, double from, double to, float value)
    {
        int first = (int)Math.Max(0, Math.Ceiling(from));
        int last = (int)Math.Min(frameCount - 1, Math.Ceiling(to) - 1);
        for (int t = first; t <= last; t++)
        {
            head[t * stride + channel] = value;
        }
    }
}
