using System.CommandLine;
using System.Globalization;
using PianoTranscription.Analysis;
using PianoTranscription.Export;
using PianoTranscription.Notation;

namespace PianoTranscription.Cli.Commands;

/// <summary>The options that shape a score, shared by <c>score</c> and <c>transcribe</c>: meter, tempo, key, title.</summary>
internal sealed class ScoreArguments
{
    public Option<string?> TimeSignatureOption { get; } = new("--time-signature")
    {
        Description = "The time signature, such as 4/4, 3/4 or 6/8 (default: estimated from the notes).",
        HelpName = "N/D",
    };

    public Option<double?> TempoOption { get; } = new("--tempo")
    {
        Description = "The tempo in beats per minute (dotted quarters in 6/8) that the beats are found near (default: estimated from the notes).",
        HelpName = "BPM",
    };

    public Option<string?> KeyOption { get; } = new("--key")
    {
        Description = "The key, such as \"F major\", \"D minor\", \"Bb\" or \"F#m\" (default: estimated from the notes).",
        HelpName = "KEY",
    };

    public Option<string?> TitleOption { get; } = new("--title") { Description = "The score's title (default: the input's file name)." };

    public IEnumerable<Option> All => [TimeSignatureOption, TempoOption, KeyOption, TitleOption];

    /// <summary>Builds the score of one input's notes with the options given (key estimated unless --key is given).</summary>
    public Score Build(ParseResult parse, TranscriptionExport notes, FileInfo input)
    {
        ScoreOptions options = Options(parse, input);
        Key? key = ParseKey(parse.GetValue(KeyOption)) ?? notes.EstimatedKey?.Key;
        return ScoreBuilder.Build(notes.Notes, options, key);
    }

    /// <summary>Checks the options before any work, so a typo fails at once rather than after a transcription.</summary>
    public void Validate(ParseResult parse)
    {
        _ = Options(parse, new FileInfo("x"));
        _ = ParseKey(parse.GetValue(KeyOption));
    }

    private ScoreOptions Options(ParseResult parse, FileInfo input)
    {
        double? tempo = parse.GetValue(TempoOption);
        if (tempo is double bpm && (!double.IsFinite(bpm) || bpm < 20 || bpm > 400))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--tempo {bpm}: give 20 to 400 beats per minute."));
        }

        return ScoreOptions.Default with
        {
            TimeSignature = ParseTimeSignature(parse.GetValue(TimeSignatureOption)),
            BeatsPerMinute = tempo,
            Title = parse.GetValue(TitleOption) ?? Path.GetFileNameWithoutExtension(input.Name),
        };
    }

    /// <summary>"3/4" as a time signature; null when not given.</summary>
    public static TimeSignature? ParseTimeSignature(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int d)
            && n is >= 1 and <= 32 && d is 1 or 2 or 4 or 8 or 16 or 32)
        {
            return new TimeSignature(n, d);
        }

        throw new ArgumentException($"--time-signature '{text}': give beats/unit such as 4/4, 3/4 or 6/8 (1 to 32 beats; a unit of 1, 2, 4, 8, 16 or 32).");
    }

    private static Key? ParseKey(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : PianoTranscription.Analysis.Key.TryParse(text, out Key key) ? key
        : throw new ArgumentException($"--key '{text}': give a major or minor key such as \"F major\", \"D minor\", \"Bb\" or \"F#m\".");
}
