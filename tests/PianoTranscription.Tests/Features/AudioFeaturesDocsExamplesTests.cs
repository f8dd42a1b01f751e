using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Tests.Audio;

namespace PianoTranscription.Tests.Features;

/// <summary>The code samples of docs/audio-and-features.md, kept compiling and checked (same code, in order).</summary>
public sealed class AudioFeaturesDocsExamplesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-docs-audio-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A 2-second stereo 44.1 kHz 16-bit WAV, like a typical recording.</summary>
    private string Recording()
    {
        string path = Path.Combine(_dir, "recording.wav");
        float[] left = Signals.Sine(261.63, 44100, 88200, 0.3);
        float[] right = Signals.Sine(392.0, 44100, 88200, 0.3);
        var data = new short[2 * left.Length];
        for (int i = 0; i < left.Length; i++)
        {
            data[2 * i] = (short)(left[i] * 32767);
            data[(2 * i) + 1] = (short)(right[i] * 32767);
        }

        File.WriteAllBytes(path, WavBuilder.Simple(1, 2, 44100, 16, WavBuilder.Int16(data)));
        return path;
    }

    [Fact]
    public void Loading_audio()
    {
        string path = Recording();

        // Any file: WAV is read by the built-in reader, everything else (FLAC, MP3, Ogg, M4A, AIFF, ...) by ffmpeg.
        AudioClip clip = AudioClip.Load(path, AudioLoadOptions.Default with { SampleRate = 16000 });
        Console.WriteLine($"{clip.Duration.TotalSeconds:0.00} s at {clip.SampleRate} Hz, {clip.Length} samples");

        // The header only, no decoding: container, codec, rate, channels, bit depth, duration, size.
        AudioFileInfo info = AudioFile.Probe(path);
        Console.WriteLine(info); // e.g. "Wav, PCM signed 16-bit, 44100 Hz, 2 ch, 16 bit, 2.000 s"

        Assert.Equal((16000, 32000), (clip.SampleRate, clip.Length));
        Assert.Equal("Wav, PCM signed 16-bit, 44100 Hz, 2 ch, 16 bit, 2.000 s", info.ToString());
    }

    [Fact]
    public void Clips_from_arrays_and_streams()
    {
        string wavPath = Path.Combine(_dir, "tone.wav");
        int length = 0;

        float[] samples = new float[16000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / 16000f);
        }

        AudioClip tone = AudioClip.FromSamples(samples, 16000);   // one second of A4
        tone.SaveWav(wavPath, WavSampleFormat.IeeeFloat);         // atomic write; Pcm16 is the default

        using (FileStream stream = File.OpenRead(wavPath))
        {
            AudioClip again = AudioClip.Load(stream);              // WAV from any stream
            Console.WriteLine(again.Length);                       // 16000
            length = again.Length;
            Assert.Equal(samples, again.Samples.ToArray());
        }

        AudioClip firstHalf = tone.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(0.5));

        Assert.Equal(16000, length);
        Assert.Equal(8000, firstHalf.Length);
    }

    [Fact]
    public void Streaming_resampler()
    {
        var resampler = new Resampler(44100, 16000);
        float[] input = new float[44100];                        // one second at 44.1 kHz, arriving in blocks
        var output = new List<float>();
        StreamingResampler stream = resampler.CreateStream();
        for (int start = 0; start < input.Length; start += 4410)
        {
            ReadOnlySpan<float> block = input.AsSpan(start, Math.Min(4410, input.Length - start));
            var buffer = new float[stream.GetMaxOutputLength(block.Length)];
            int written = stream.Process(block, buffer);
            output.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        var tail = new float[stream.FlushLength];
        stream.Flush(tail);                                      // the last samples, once the input has ended
        output.AddRange(tail);
        Console.WriteLine(output.Count);                         // 16000 = resampler.OutputLength(44100)

        Assert.Equal(16000, output.Count);
        Assert.Equal(16000, resampler.OutputLength(44100));
    }

    [Fact]
    public void Errors()
    {
        string brokenPath = Path.Combine(_dir, "adpcm.wav");
        File.WriteAllBytes(brokenPath, WavBuilder.Simple(2, 1, 8000, 4, new byte[16]));
        string? message = null;

        try
        {
            AudioClip.Load(brokenPath);
        }
        catch (AudioFormatException ex)
        {
            Console.Error.WriteLine(ex.Message); // "<path>: unsupported codec Microsoft ADPCM (format tag 2, 0x0002); ..."
            message = ex.Message;
        }

        Assert.NotNull(message);
        Assert.StartsWith($"{brokenPath}: unsupported codec Microsoft ADPCM (format tag 2, 0x0002);", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_spectrogram_options_threads_json_streaming_and_npy()
    {
        AudioClip clip = AudioClip.Load(Recording(), AudioLoadOptions.Default with { SampleRate = 16000 });
        string configPath = Path.Combine(_dir, "features.json");
        string npyPath = Path.Combine(_dir, "features.npy");

        // --- The fluent featurizer
        Spectrogram spectrogram = Featurizer.ForSampleRate(16000)
            .Stft(windowSize: 2048, hop: 512)
            .LogMel(bins: 229, minHz: 30, maxHz: 8000)
            .Compute(clip);

        Console.WriteLine(spectrogram);                  // Spectrogram(N frames × 229 bins, 31.25 frames/s)
        ReadOnlySpan<float> frame = spectrogram.GetFrame(10);
        float value = spectrogram[10, 100];              // frame 10, bin 100
        double seconds = spectrogram.TimeOf(10);         // 0.32: the centre of frame 10

        Assert.Equal("Spectrogram(63 frames × 229 bins, 31.25 frames/s)", spectrogram.ToString());
        Assert.Equal(frame[100], value);
        Assert.Equal(0.32, seconds, 12);

        // --- The default
        Featurizer piano = Featurizer.ForSampleRate(16000)
            .Stft(windowSize: 2048, hop: 320)
            .LogFrequency(binsPerSemitone: 2, minHz: 27.5, maxHz: 8000)
            .Log1p();
        Console.WriteLine(piano.Equals(Featurizer.PianoDefault)); // True
        Console.WriteLine(piano.BinCount);                         // 197

        Assert.Equal(Featurizer.PianoDefault, piano);
        Assert.Equal(197, piano.BinCount);

        // --- Decibels and normalisation
        Featurizer decibels = Featurizer.ForSampleRate(16000)
            .Stft(windowSize: 1024, hop: 160)
            .Mel(bins: 80, minHz: 0, maxHz: 8000)
            .Decibels(floorDb: -80)
            .NormalizePerClipMax();
        Spectrogram db = decibels.Compute(clip);

        Assert.Equal((201, 80), (db.FrameCount, db.BinCount));

        // --- Threads, cancellation and buffer reuse
        using var cancel = new CancellationTokenSource();
        Spectrogram oneThread = Featurizer.PianoDefault.Compute(
            clip, new ParallelOptions { MaxDegreeOfParallelism = 1, CancellationToken = cancel.Token });

        var buffer = new float[Featurizer.PianoDefault.FrameCountFor(clip.Length) * Featurizer.PianoDefault.BinCount];
        int frames = Featurizer.PianoDefault.ComputeInto(clip.Samples.Span, buffer); // reuse buffer for the next clip

        Assert.Equal(101, frames);
        Assert.Equal(oneThread.Values.ToArray(), buffer);
        Assert.Equal(Featurizer.PianoDefault.Compute(clip).Values.ToArray(), buffer);

        // --- JSON
        Featurizer featurizer = Featurizer.ForSampleRate(16000).Stft(windowSize: 2048, hop: 512).LogMel(bins: 229, minHz: 30, maxHz: 8000);
        string json = featurizer.ToJson();
        File.WriteAllText(configPath, json);
        Featurizer loaded = Featurizer.FromJson(File.ReadAllText(configPath));
        Console.WriteLine(loaded.Equals(featurizer)); // True

        Assert.Equal(featurizer, loaded);
        const string DocumentedJson = """
            {
              "kind": "pianotranscription.featurizer",
              "version": 1,
              "sampleRate": 16000,
              "stft": { "window": "hann", "windowSize": 2048, "hop": 512, "centered": true },
              "filterbank": { "type": "mel", "bins": 229, "minHz": 30, "maxHz": 8000 },
              "compression": { "type": "log1p", "scale": 1 },
              "normalization": { "type": "none" }
            }
            """;
        Assert.Equal(featurizer, Featurizer.FromJson(DocumentedJson));

        // --- Streaming
        StreamingFeaturizer live = Featurizer.PianoDefault.CreateStream();
        var frameValues = new float[live.BinCount];
        int framesSeen = 0;
        ReadOnlySpan<float> audio = clip.Samples.Span;
        for (int start = 0; start < audio.Length; start += 320)  // 20 ms blocks, as from a sound card
        {
            live.Push(audio.Slice(start, Math.Min(320, audio.Length - start)));
            while (live.TryReadFrame(frameValues))
            {
                framesSeen++;                                    // hand the frame to the model here
            }
        }

        live.Complete();                                         // the zero-padded tail
        while (live.TryReadFrame(frameValues))
        {
            framesSeen++;
        }

        Console.WriteLine(framesSeen == Featurizer.PianoDefault.FrameCountFor(clip.Length)); // True

        Assert.Equal(101, framesSeen);
        Assert.Equal(oneThread.GetFrame(100).ToArray(), frameValues); // the last frame read is the last frame

        // --- .npy
        NpyFile.Write(npyPath, spectrogram);
        NpyArray array = NpyFile.Read(npyPath);
        Console.WriteLine(string.Join(" × ", array.Shape)); // N × 229
        Spectrogram fromFile = array.ToSpectrogram(frameRate: 31.25);

        Assert.Equal(spectrogram.Values.ToArray(), fromFile.Values.ToArray());
    }
}
