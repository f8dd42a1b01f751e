namespace PianoTranscription.NotationEval;

/// <summary>Placeholder replaced below.</summary>
internal static class GeneratedHands
{
    public static int Run(string[] args) => args.Length;
}
