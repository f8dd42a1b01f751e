using PianoTranscription.Analysis;

namespace PianoTranscription.Notation.Layout;

/// <summary>A MIDI pitch spelled as a letter (C ... B), an alteration (-2 ... 2 semitones) and an octave (C4 = 60).</summary>
internal readonly record struct SpelledPitch(char Step, int Alter, int Octave)
{
    private static readonly char[] Letters = ['C', 'D', 'E', 'F', 'G', 'A', 'B'];
    private static readonly int[] LetterPitchClass = [0, 2, 4, 5, 7, 9, 11];

    /// <summary>The order in which a key signature adds sharps; flats come in the reverse order.</summary>
    private static readonly char[] SharpOrder = ['F', 'C', 'G', 'D', 'A', 'E', 'B'];

    /// <summary>The MIDI pitch this spelling sounds.</summary>
    public int Pitch => ((Octave + 1) * 12) + PitchClassOf(Step) + Alter;

    /// <summary>The natural pitch class of a letter (C = 0 ... B = 11).</summary>
    public static int PitchClassOf(char step) => LetterPitchClass[Array.IndexOf(Letters, step)];

    /// <summary>The alteration a key signature of <paramref name="fifths"/> sharps (+) or flats (−) gives a letter.</summary>
    public static int SignatureAlter(char step, int fifths)
    {
        int place = Array.IndexOf(SharpOrder, step);
        return fifths > 0 && place < fifths ? 1 : fifths < 0 && 6 - place < -fifths ? -1 : 0;
    }

    /// <summary>
    /// Spells a pitch in a key: the key signature's own notes as the signature has them (Cb in Gb major), the raised
    /// leading tone of a minor key as a sharpened letter (C# in D minor), and other notes with sharps in sharp keys
    /// (and C major) and flats in flat keys.
    /// </summary>
    /// <param name="pitch">MIDI pitch.</param>
    /// <param name="key">The key, or null for C major.</param>
    public static SpelledPitch Spell(int pitch, Key? key)
    {
        int fifths = key?.SharpsOrFlats ?? 0;
        int pc = ((pitch % 12) + 12) % 12;

        // A note of the key signature: the letter whose signed pitch class is this one.
        foreach (char letter in Letters)
        {
            int alter = SignatureAlter(letter, fifths);
            if ((((PitchClassOf(letter) + alter) % 12) + 12) % 12 == pc)
            {
                return At(pitch, letter, alter);
            }
        }

        // A minor key's raised seventh: the letter below the tonic's, raised.
        if (key is Key k && k.Mode == KeyMode.Minor && pc == (k.Tonic + 11) % 12)
        {
            char tonicLetter = Spell(k.Tonic + 60, key).Step;
            char below = Letters[(Array.IndexOf(Letters, tonicLetter) + 6) % 7];
            int alter = pc - PitchClassOf(below);
            alter = alter > 6 ? alter - 12 : alter < -6 ? alter + 12 : alter;
            if (alter is >= -2 and <= 2)
            {
                return At(pitch, below, alter);
            }
        }

        // Chromatic notes: a natural letter when there is one, else a sharp (sharp keys) or flat (flat keys).
        int natural = Array.IndexOf(LetterPitchClass, pc);
        if (natural >= 0)
        {
            return At(pitch, Letters[natural], 0);
        }

        return fifths >= 0
            ? At(pitch, Letters[Array.IndexOf(LetterPitchClass, pc - 1)], 1)
            : At(pitch, Letters[Array.IndexOf(LetterPitchClass, pc + 1)], -1);
    }

    private static SpelledPitch At(int pitch, char letter, int alter)
    {
        int octave = ((pitch - alter - PitchClassOf(letter)) / 12) - 1;
        return new SpelledPitch(letter, alter, octave);
    }
}
