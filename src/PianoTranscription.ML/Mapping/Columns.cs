namespace PianoTranscription.ML.Mapping;

/// <summary>
/// Names of the columns the saveable mappings read and write. ML.NET's <c>CustomMapping</c> persists only a contract
/// name, so its column names are fixed; each stage copies the user's columns to these names, runs the mapping, copies
/// the results to the user's names and drops these (all with ML.NET's own, saveable transforms).
/// </summary>
internal static class Columns
{
    public const string Path = "__pt.path";
    public const string Config = "__pt.config";
    public const string Samples = "__pt.samples";
    public const string SampleRate = "__pt.rate";
    public const string Features = "__pt.features";
    public const string Frames = "__pt.frames";
    public const string Bins = "__pt.bins";
    public const string Embedding = "__pt.embedding";
    public const string NotePitch = "__pt.note.pitch";
    public const string NoteOnset = "__pt.note.onset";
    public const string NoteOffset = "__pt.note.offset";
    public const string NoteVelocity = "__pt.note.velocity";
    public const string NoteConfidence = "__pt.note.confidence";
    public const string PedalOnset = "__pt.pedal.onset";
    public const string PedalOffset = "__pt.pedal.offset";
    public const string PedalConfidence = "__pt.pedal.confidence";
}
