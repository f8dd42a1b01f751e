namespace PianoTranscription.Decoding;

/// <summary>
/// Applies the sustain pedal to note durations, the convention used to evaluate piano transcription (MAESTRO,
/// Onsets and Frames, Kong et al.): a note released while the pedal is down keeps sounding until the pedal is
/// released or the same key is struck again, whichever comes first.
/// </summary>
public static class SustainExtension
{
    /// <summary>Extends note offsets by the sustain pedal.</summary>
    /// <param name="notes">The notes with their key-release offsets.</param>
    /// <param name="pedals">The sustain-pedal presses.</param>
    /// <returns>
    /// The notes in the same order, each with offset <c>max(offset, min(pedal release, next onset of the same key at
    /// or after the offset))</c> when the pedal is down at the note's offset (a press covers <c>[onset, offset)</c>);
    /// other notes are unchanged.
    /// </returns>
    public static Note[] Apply(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> pedals)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(pedals);
        var result = notes.ToArray();
        if (pedals.Count == 0 || result.Length == 0)
        {
            return result;
        }

        PedalInterval[] presses = pedals.OrderBy(p => p.Onset).ToArray();
        var onsetsByPitch = new Dictionary<int, List<double>>();
        foreach (Note n in result)
        {
            if (!onsetsByPitch.TryGetValue(n.Pitch, out List<double>? list))
            {
                onsetsByPitch[n.Pitch] = list = [];
            }

            list.Add(n.Onset);
        }

        foreach (List<double> list in onsetsByPitch.Values)
        {
            list.Sort();
        }

        for (int i = 0; i < result.Length; i++)
        {
            Note n = result[i];
            double release = PedalReleaseAt(presses, n.Offset);
            if (double.IsNaN(release))
            {
                continue;
            }

            List<double> onsets = onsetsByPitch[n.Pitch];
            int j = onsets.BinarySearch(n.Offset);
            if (j < 0)
            {
                j = ~j;
            }
            else
            {
                while (j > 0 && onsets[j - 1] == n.Offset)
                {
                    j--;
                }
            }

            double end = release;
            if (j < onsets.Count && onsets[j] < end)
            {
                end = onsets[j];
            }

            result[i] = n with { Offset = Math.Max(n.Offset, end) };
        }

        return result;
    }

    /// <summary>The release time of the press holding at time t, or NaN when the pedal is up at t.</summary>
    private static double PedalReleaseAt(PedalInterval[] presses, double t)
    {
        double release = double.NaN;
        foreach (PedalInterval p in presses)
        {
            if (p.Onset > t)
            {
                break;
            }

            if (t < p.Offset)
            {
                release = double.IsNaN(release) ? p.Offset : Math.Max(release, p.Offset);
            }
        }

        return release;
    }
}
