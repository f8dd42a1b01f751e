namespace PianoTranscription.ML.Classification;

/// <summary>
/// A training folder: one subfolder per label, named after it, holding that label's recordings (in any depth of
/// subfolders; any extension of <see cref="PianoCatalogExtensions.AudioExtensions"/>). Checks the shape before any
/// audio is read, so that a wrong folder fails at once with a message that says how it should look.
/// </summary>
internal sealed record LabelledFolder(IReadOnlyList<string> Labels, IReadOnlyList<(int Label, string Path)> Files, IReadOnlyList<string> LooseFiles)
{
    public static LabelledFolder Read(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The training folder '{folder}' does not exist.");
        }

        var audio = new HashSet<string>(PianoCatalogExtensions.AudioExtensions, StringComparer.OrdinalIgnoreCase);
        string[] labelFolders = Directory.GetDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        string[] loose = Directory.EnumerateFiles(folder).Where(f => audio.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToArray();
        string example = Path.Combine(folder, "piano", "*.wav") + ", " + Path.Combine(folder, "organ", "*.wav");
        if (labelFolders.Length == 0)
        {
            throw new ClassifierDataException(
                $"The training folder '{folder}' has no label folders{(loose.Length > 0 ? $" ({loose.Length} audio files lie in it directly)" : "")}: put each label's recordings in a subfolder named after the label ({example}).");
        }

        if (labelFolders.Length == 1)
        {
            throw new ClassifierDataException(
                $"The training folder '{folder}' has one label folder ('{Path.GetFileName(labelFolders[0])}'); a classifier needs at least two labels, one subfolder each ({example}).");
        }

        var files = new List<(int, string)>();
        for (int i = 0; i < labelFolders.Length; i++)
        {
            string[] found = Directory.EnumerateFiles(labelFolders[i], "*", SearchOption.AllDirectories)
                .Where(f => audio.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (found.Length == 0)
            {
                throw new ClassifierDataException(
                    $"The label folder '{labelFolders[i]}' holds no audio files ({string.Join(", ", PianoCatalogExtensions.AudioExtensions)}); give each label at least two recordings, or remove the folder.");
            }

            files.AddRange(found.Select(f => (i, f)));
        }

        return new LabelledFolder(labelFolders.Select(Path.GetFileName).ToArray()!, files, loose);
    }
}
