using Microsoft.ML;
using Microsoft.ML.Data;
using PianoTranscription.Decoding;

namespace PianoTranscription.ML;

/// <summary>
/// Entry points on ML.NET's catalogs: <c>mlContext.Transforms.Audio</c>, <c>mlContext.Transforms.Piano</c>,
/// <c>mlContext.Data.LoadAudioFiles</c>, reading note columns back, and registering the library's saveable mappings
/// before <c>mlContext.Model.Load</c>.
/// </summary>
public static class PianoCatalogExtensions
{
    /// <summary>The audio file extensions <see cref="LoadAudioFiles"/> lists by default.</summary>
    public static IReadOnlyList<string> AudioExtensions { get; } = [".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".aif", ".aiff"];

    /// <summary>The audio estimators (load, featurize) on a transforms catalog.</summary>
    /// <param name="catalog">The catalog, usually <c>mlContext.Transforms</c>.</param>
    extension(TransformsCatalog catalog)
    {
        /// <summary>The audio estimators: <c>mlContext.Transforms.Audio.LoadAudio(…)</c>, <c>.Featurize(…)</c>.</summary>
        public AudioTransforms Audio => new(catalog ?? throw new ArgumentNullException(nameof(catalog)));

        /// <summary>The piano estimators: <c>mlContext.Transforms.Piano.ScoreAcousticModel(…)</c>, <c>.DecodeNotes(…)</c>, <c>.Transcribe(…)</c>, <c>.Embed(…)</c>.</summary>
        public PianoTransforms Piano => new(catalog ?? throw new ArgumentNullException(nameof(catalog)));
    }

    /// <summary>
    /// Registers this assembly's saveable mappings with the context's component catalog. <c>mlContext.Model.Load</c>
    /// finds them without this (ML.NET stores the mappings' assembly name in the model and loads it); call it when the
    /// host loads assemblies in its own way (plug-in load contexts, trimmed apps).
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <returns>The same context.</returns>
    public static MLContext RegisterPianoTranscription(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        mlContext.ComponentCatalog.RegisterAssembly(typeof(PianoCatalogExtensions).Assembly);
        return mlContext;
    }

    /// <summary>Lists the audio files in a folder as an <see cref="IDataView"/> with one text column, <c>Path</c> (sorted by path).</summary>
    /// <param name="catalog">The data catalog, usually <c>mlContext.Data</c>.</param>
    /// <param name="directory">The folder.</param>
    /// <param name="recursive">Whether to include subfolders.</param>
    /// <param name="extensions">The file extensions to list (with the dot, any case); null for <see cref="AudioExtensions"/>.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IDataView LoadAudioFiles(this DataOperationsCatalog catalog, string directory, bool recursive = false, IEnumerable<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The folder '{directory}' does not exist.");
        }

        var wanted = new HashSet<string>(extensions ?? AudioExtensions, StringComparer.OrdinalIgnoreCase);
        AudioFileInput[] files = Directory.EnumerateFiles(directory, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => wanted.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .Select(f => new AudioFileInput { Path = f })
            .ToArray();
        return catalog.LoadFromEnumerable(files);
    }

    /// <summary>Reads the note columns under <paramref name="notesColumnName"/> back as the library's notes, one result per row.</summary>
    /// <param name="data">Data transformed by <see cref="PianoTransforms.DecodeNotes"/> or <see cref="PianoTransforms.Transcribe"/>.</param>
    /// <param name="notesColumnName">The prefix given to that stage (default <c>"Notes"</c>).</param>
    /// <returns>The notes of each row, in row order (rows are read lazily).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A note column is missing.</exception>
    public static IEnumerable<DecodedNotes> ReadNotes(this IDataView data, string notesColumnName = "Notes")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(notesColumnName);
        string[] suffixes =
        [
            TranscribedNotes.PitchSuffix, TranscribedNotes.OnsetSuffix, TranscribedNotes.OffsetSuffix, TranscribedNotes.VelocitySuffix,
            TranscribedNotes.ConfidenceSuffix, TranscribedNotes.PedalOnsetSuffix, TranscribedNotes.PedalOffsetSuffix, TranscribedNotes.PedalConfidenceSuffix,
        ];
        DataViewSchema.Column[] columns = suffixes.Select(s => data.Schema.GetColumnOrNull(notesColumnName + s)
            ?? throw new ArgumentOutOfRangeException(nameof(notesColumnName), $"The data has no column '{notesColumnName + s}'; transform it with DecodeNotes or Transcribe first.")).ToArray();
        return Read(data, columns);
    }

    private static IEnumerable<DecodedNotes> Read(IDataView data, DataViewSchema.Column[] columns)
    {
        using DataViewRowCursor cursor = data.GetRowCursor(columns);
        ValueGetter<VBuffer<int>> pitch = cursor.GetGetter<VBuffer<int>>(columns[0]);
        ValueGetter<VBuffer<double>> onset = cursor.GetGetter<VBuffer<double>>(columns[1]);
        ValueGetter<VBuffer<double>> offset = cursor.GetGetter<VBuffer<double>>(columns[2]);
        ValueGetter<VBuffer<int>> velocity = cursor.GetGetter<VBuffer<int>>(columns[3]);
        ValueGetter<VBuffer<float>> confidence = cursor.GetGetter<VBuffer<float>>(columns[4]);
        ValueGetter<VBuffer<double>> pedalOnset = cursor.GetGetter<VBuffer<double>>(columns[5]);
        ValueGetter<VBuffer<double>> pedalOffset = cursor.GetGetter<VBuffer<double>>(columns[6]);
        ValueGetter<VBuffer<float>> pedalConfidence = cursor.GetGetter<VBuffer<float>>(columns[7]);
        VBuffer<int> p = default, v = default;
        VBuffer<double> on = default, off = default, pOn = default, pOff = default;
        VBuffer<float> c = default, pc = default;
        while (cursor.MoveNext())
        {
            pitch(ref p);
            onset(ref on);
            offset(ref off);
            velocity(ref v);
            confidence(ref c);
            pedalOnset(ref pOn);
            pedalOffset(ref pOff);
            pedalConfidence(ref pc);
            var row = new TranscribedNotes
            {
                Pitch = p.DenseValues().ToArray(),
                Onset = on.DenseValues().ToArray(),
                Offset = off.DenseValues().ToArray(),
                Velocity = v.DenseValues().ToArray(),
                Confidence = c.DenseValues().ToArray(),
                PedalOnset = pOn.DenseValues().ToArray(),
                PedalOffset = pOff.DenseValues().ToArray(),
                PedalConfidence = pc.DenseValues().ToArray(),
            };
            yield return row.ToDecodedNotes();
        }
    }
}
