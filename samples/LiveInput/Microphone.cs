using System.Runtime.Versioning;
using NAudio.Wave;
using PianoTranscription.Decoding;
using PianoTranscription.Transcription;

/// <summary>Captures the default input device with NAudio (WinMM wave-in) and feeds the live transcriber.</summary>
internal static class Microphone
{
    [SupportedOSPlatform("windows")]
    public static int Run(PianoTranscriber transcriber, double seconds, Action<LiveTranscription, DecodedNotes> report)
    {
        const int rate = 48000;
        using LiveTranscription live = transcriber.CreateStream(rate);
        using var input = new WaveIn { WaveFormat = new WaveFormat(rate, 16, 1), BufferMilliseconds = 10 };
        var gate = new object();
        input.DataAvailable += (_, e) =>
        {
            var samples = new float[e.BytesRecorded / 2];
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = BitConverter.ToInt16(e.Buffer, 2 * i) / 32768f;
            }

            lock (gate)
            {
                report(live, live.Push(samples));
            }
        };
        input.StartRecording();
        Console.WriteLine($"listening for {seconds:0} s ...");
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        input.StopRecording();
        lock (gate)
        {
            report(live, live.Complete());
        }

        return 0;
    }
}
