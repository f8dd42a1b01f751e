using PianoTranscription.Decoding;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.Tests.Audio;
using PianoTranscription.Tests.Inference;
using PianoTranscription.Transcription;
using Msg = PianoTranscription.Tests.Inference.TestModels.Msg;

namespace PianoTranscription.Tests.Transcription;

public sealed class AcousticModelTests
{
    private const long Float = 1;

    [Fact]
    public void Default_model_is_embedded_loaded_once_and_describes_itself()
    {
        AcousticModel[] seen = new AcousticModel[8];
        Parallel.For(0, seen.Length, i => seen[i] = AcousticModel.Default);
        Assert.All(seen, m => Assert.Same(seen[0], m));
        AcousticModel model = seen[0];
        Assert.Equal("embedded", model.Source);
        Assert.Equal(Featurizer.FromJson(model.Inference.Metadata[AcousticModel.FeaturizerKey]), model.Featurizer);
        Assert.Equal(16000, model.SampleRate);
        Assert.Equal(50, model.FrameRate);
        Assert.False(string.IsNullOrWhiteSpace(model.Version));
        Assert.False(string.IsNullOrWhiteSpace(model.Licenses));
        Assert.False(string.IsNullOrWhiteSpace(model.Description));
        Assert.Equal(
            ["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"],
            model.Inference.Outputs.Select(o => o.Name));
        Assert.Contains(model.Version!, model.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_model_equals_the_file_in_the_repository()
    {
        string path = FindModelFile();
        AcousticModel fromFile = AcousticModel.Load(path);
        Assert.Equal(path, fromFile.Source);
        Assert.Equal(AcousticModel.Default.Version, fromFile.Version);
        Assert.Equal(AcousticModel.Default.Featurizer, fromFile.Featurizer);
        using FileStream stream = File.OpenRead(path);
        AcousticModel fromStream = AcousticModel.Load(stream);
        Assert.Equal("stream", fromStream.Source);

        // A user's model with the same contract transcribes exactly like the embedded one.
        var clip = TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(4));
        var mine = PianoTranscriber.CreateBuilder().WithModel(path).Build().Transcribe(clip);
        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(clip).Notes, mine.Notes);
    }

    [Fact]
    public void A_model_without_featurizer_metadata_needs_an_explicit_featurizer()
    {
        byte[] model = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            In(1, "frames", 197), [Out("onset", 1, "frames", 88), Out("frame", 1, "frames", 88)], featurizer: null);
        var ex = Assert.Throws<ModelFormatException>(() => AcousticModel.Load(new MemoryStream(model)));
        Assert.Contains("pianotranscription.featurizer", ex.Message, StringComparison.Ordinal);
        AcousticModel ok = AcousticModel.Load(new MemoryStream(model), Featurizer.PianoDefault);
        Assert.Null(ok.Version);
    }

    [Theory]
    [InlineData("wrong-input-name", "exactly one input named \"spectrogram\"")]
    [InlineData("no-onset", "no \"onset\" output")]
    [InlineData("fixed-time", "fixed time dimension")]
    [InlineData("wrong-bins", "expects 100 bins per frame but the featurizer produces 197")]
    [InlineData("wrong-keys", "output \"frame\" must have shape [1, frames, 88]")]
    [InlineData("pedal-rank", "output \"pedal_frame\" must have shape [1, frames]")]
    [InlineData("bad-featurizer-json", "not a valid featurizer")]
    [InlineData("int-input", "Graph input 'spectrogram' has type Int64")]
    public void A_model_with_the_wrong_inputs_or_outputs_is_refused_naming_the_problem(string variant, string expected)
    {
        string json = variant == "bad-featurizer-json" ? "{ \"kind\": \"something else\" }" : Featurizer.PianoDefault.ToJson();
        string input = variant == "wrong-input-name" ? "audio" : "spectrogram";
        Msg inputInfo = variant switch
        {
            "fixed-time" => TestModels.ValueInfo(input, Float, 1, 100, 197),
            "wrong-bins" => TestModels.ValueInfo(input, Float, 1, "frames", 100),
            "int-input" => TestModels.ValueInfo(input, 7, 1, "frames", 197),
            _ => TestModels.ValueInfo(input, Float, 1, "frames", 197),
        };
        var nodes = new List<Msg> { Node("Sigmoid", input, "frame") };
        var outputs = new List<Msg> { Out("frame", 1, "frames", variant == "wrong-keys" ? 87 : 88) };
        if (variant != "no-onset")
        {
            nodes.Add(Node("Sigmoid", input, "onset"));
            outputs.Add(Out("onset", 1, "frames", 88));
        }

        if (variant == "pedal-rank")
        {
            nodes.Add(Node("Sigmoid", input, "pedal_frame"));
            outputs.Add(Out("pedal_frame", 1, "frames", 1));
        }

        byte[] model = Model(nodes, inputInfo, outputs, json);
        var ex = Assert.Throws<ModelFormatException>(() => AcousticModel.Load(new MemoryStream(model)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);

        string path = Path.Combine(Path.GetTempPath(), $"pt-model-{variant}-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            Assert.Contains(expected, Assert.Throws<ModelFormatException>(() => PianoTranscriber.CreateBuilder().WithModel(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_model_whose_outputs_break_the_contract_at_run_time_is_a_model_format_error()
    {
        // Declared shapes are symbolic, so loading succeeds; at run time "onset" has 197 values per frame, not 88.
        byte[] model = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            TestModels.ValueInfo("spectrogram", Float, 1, "frames", 197), [Out("onset", 1, "frames", "keys"), Out("frame", 1, "frames", "keys")], Featurizer.PianoDefault.ToJson());
        var transcriber = PianoTranscriber.CreateBuilder().WithModel(AcousticModel.Load(new MemoryStream(model))).Build();
        var ex = Assert.Throws<ModelFormatException>(() => transcriber.Transcribe(new float[16000], 16000));
        Assert.Contains("onset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_corrupt_model_files_are_typed_errors()
    {
        Assert.Throws<FileNotFoundException>(() => AcousticModel.Load(Path.Combine(Path.GetTempPath(), "no-such-model.onnx")));
        Assert.Throws<ModelFormatException>(() => AcousticModel.Load(new MemoryStream([1, 2, 3, 4, 5, 6, 7])));
    }

    internal static string FindModelFile()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", "PianoTranscription", "Models", "piano-default.onnx");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("src/PianoTranscription/Models/piano-default.onnx not found above the test folder");
    }

    private static Msg Node(string op, string input, string output) => new Msg().Str(1, input).Str(2, output).Str(4, op);

    private static Msg In(params object[] dims) => TestModels.ValueInfo("spectrogram", Float, dims);

    private static Msg Out(string name, params object[] dims) => TestModels.ValueInfo(name, Float, dims);

    [Fact]
    public void Decoder_settings_tuned_for_a_model_travel_in_its_metadata_and_are_the_transcriber_default()
    {
        var tuned = DecoderOptions.Default with { OnsetThreshold = 0.42f, FrameThreshold = 0.27f, MinNoteDuration = 0.03 };
        byte[] bytes = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            In(1, "frames", 197), [Out("onset", 1, "frames", 88), Out("frame", 1, "frames", 88)],
            Featurizer.PianoDefault.ToJson(), tuned.ToJson());
        AcousticModel model = AcousticModel.Load(new MemoryStream(bytes));
        Assert.Equal(tuned, model.DecoderOptions);

        PianoTranscriberBuilder builder = PianoTranscriber.CreateBuilder().WithModel(model).WithThreads(1);
        Assert.Equal(tuned, builder.Build().DecoderOptions);
        Assert.Equal(0.5f, builder.WithDecoder(o => o with { OnsetThreshold = 0.5f }).Build().DecoderOptions.OnsetThreshold);
        Assert.Equal(0.27f, builder.WithDecoder(o => o with { OnsetThreshold = 0.5f }).Build().DecoderOptions.FrameThreshold);
        Assert.Equal(DecoderOptions.Default, builder.WithDecoder(DecoderOptions.Default).Build().DecoderOptions);

        // Without the entry the library defaults apply; a broken entry is refused naming the key.
        byte[] plain = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            In(1, "frames", 197), [Out("onset", 1, "frames", 88), Out("frame", 1, "frames", 88)], Featurizer.PianoDefault.ToJson());
        Assert.Equal(DecoderOptions.Default, AcousticModel.Load(new MemoryStream(plain)).DecoderOptions);
        byte[] broken = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            In(1, "frames", 197), [Out("onset", 1, "frames", 88), Out("frame", 1, "frames", 88)],
            Featurizer.PianoDefault.ToJson(), "{\"onsetThreshold\": 1.5}");
        var ex = Assert.Throws<ModelFormatException>(() => AcousticModel.Load(new MemoryStream(broken)));
        Assert.Contains(AcousticModel.DecoderKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_models_receptive_field_is_measured_as_ten_frames_each_side()
    {
        // Four 3x3 convolutions (±4 frames) and temporal convolutions with dilations 2 and 4 (±6): ±10 frames.
        Assert.Equal(10, AcousticModel.Default.ReceptiveFieldFrames);
        Assert.Equal(TimeSpan.FromSeconds(0.2), AcousticModel.Default.ReceptiveField);
    }

    [Fact]
    public void Receptive_field_is_zero_for_a_per_frame_model_stated_by_metadata_and_refused_when_unbounded()
    {
        Msg[] outputs = [Out("onset", 1, "frames", 88), Out("frame", 1, "frames", 88)];
        byte[] perFrame = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            In(1, "frames", 197), outputs, Featurizer.PianoDefault.ToJson());
        Assert.Equal(0, AcousticModel.Load(new MemoryStream(perFrame)).ReceptiveFieldFrames);

        byte[] stated = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            In(1, "frames", 197), outputs, Featurizer.PianoDefault.ToJson(), extra: (AcousticModel.ReceptiveFieldKey, "7"));
        AcousticModel statedModel = AcousticModel.Load(new MemoryStream(stated));
        Assert.Equal(7, statedModel.ReceptiveFieldFrames);
        PianoTranscriber low = PianoTranscriber.CreateBuilder().WithModel(statedModel).WithLowLatency().Build();
        Assert.Equal(TimeSpan.FromSeconds(7 / 50.0), low.ContextDuration);
        Assert.Equal(TimeSpan.FromSeconds(PianoTranscriberBuilder.LowLatencyChunkFrames / 50.0), low.ChunkDuration);

        byte[] bad = Model([Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame")],
            In(1, "frames", 197), outputs, Featurizer.PianoDefault.ToJson(), extra: (AcousticModel.ReceptiveFieldKey, "-3"));
        var ex = Assert.Throws<ModelFormatException>(() => AcousticModel.Load(new MemoryStream(bad)).ReceptiveFieldFrames);
        Assert.Contains(AcousticModel.ReceptiveFieldKey, ex.Message, StringComparison.Ordinal);

        // Softmax over the time axis: every output frame depends on every input frame, so no latency bound exists.
        Msg softmax = Node("Softmax", "spectrogram", "onset").Sub(5, new Msg().Str(1, "axis").Int(3, 1).Int(20, 2));
        byte[] global = Model([softmax, Node("Sigmoid", "spectrogram", "frame")], In(1, "frames", 197), outputs, Featurizer.PianoDefault.ToJson());
        AcousticModel unbounded = AcousticModel.Load(new MemoryStream(global));
        var nse = Assert.Throws<NotSupportedException>(() => unbounded.ReceptiveFieldFrames);
        Assert.Contains("receptive field exceeds", nse.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => PianoTranscriber.CreateBuilder().WithModel(unbounded).WithLowLatency().Build());

        // WithChunking after WithLowLatency replaces it.
        PianoTranscriber chunked = PianoTranscriber.CreateBuilder().WithModel(unbounded).WithLowLatency()
            .WithChunking(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)).Build();
        Assert.Equal(TimeSpan.FromSeconds(3), chunked.ChunkDuration);
    }

    [Theory]
    [InlineData("onset,frame,offset", null)]
    [InlineData("onset, frame", null)]
    [InlineData("onset,frame,tempo", "names 'tempo', which is not a head")]
    [InlineData("onset,frame,onset", "names 'onset' twice")]
    [InlineData("onset,frame,velocity", "names the head 'velocity' but the model has no such output")]
    [InlineData("frame,offset", "does not list \"onset\"")]
    public void The_heads_a_model_provides_are_read_from_its_metadata_and_checked_at_load(string heads, string? error)
    {
        byte[] model = Model(
            [Node("Sigmoid", "spectrogram", "onset"), Node("Sigmoid", "spectrogram", "frame"), Node("Sigmoid", "spectrogram", "offset")],
            In(1, "frames", 197), [Out("onset", 1, "frames", 88), Out("frame", 1, "frames", 88), Out("offset", 1, "frames", 88)],
            Featurizer.PianoDefault.ToJson(), extra: (ModelContract.HeadsKey, heads));
        if (error is not null)
        {
            var ex = Assert.Throws<ModelFormatException>(() => AcousticModel.Load(new MemoryStream(model)));
            Assert.Contains(error, ex.Message, StringComparison.Ordinal);
            Assert.Contains(ModelContract.HeadsKey, ex.Message, StringComparison.Ordinal);
            return;
        }

        AcousticModel loaded = AcousticModel.Load(new MemoryStream(model));
        ModelHead[] expected = heads.Contains("offset", StringComparison.Ordinal) ? [ModelHead.Onset, ModelHead.Frame, ModelHead.Offset] : [ModelHead.Onset, ModelHead.Frame];
        Assert.Equal(expected, loaded.Contract.Heads);
        Assert.Equal(heads.Contains("offset", StringComparison.Ordinal), loaded.Contract.Has(ModelHead.Offset));
        Assert.Equal(197, loaded.Contract.InputBinCount);

    }

    [Fact]
    public void The_default_model_states_its_heads_and_not_its_rates_twice()
    {
        IReadOnlyDictionary<string, string> meta = AcousticModel.Default.Inference.Metadata;
        Assert.Equal("onset,frame,offset,velocity,pedal_onset,pedal_frame,pedal_offset", meta[ModelContract.HeadsKey]);
        Assert.Equal(7, AcousticModel.Default.Contract.Heads.Count);

        // Sample and frame rate live in the featurizer configuration only.
        Assert.DoesNotContain(meta.Keys, k => k.EndsWith("sample_rate", StringComparison.Ordinal) || k.EndsWith("frame_rate", StringComparison.Ordinal));
    }

    private static byte[] Model(IEnumerable<Msg> nodes, Msg input, IEnumerable<Msg> outputs, string? featurizer, string? decoder = null, (string Key, string Value)? extra = null)
    {
        var graph = new Msg();
        foreach (Msg n in nodes) graph.Sub(1, n);
        graph.Str(2, "g").Sub(11, input);
        foreach (Msg o in outputs) graph.Sub(12, o);
        var model = new Msg().Int(1, 8).Str(2, "test").Sub(7, graph).Sub(8, new Msg().Str(1, "").Int(2, 17));
        if (featurizer is not null)
        {
            model.Sub(14, new Msg().Str(1, AcousticModel.FeaturizerKey).Str(2, featurizer));
        }

        if (decoder is not null)
        {
            model.Sub(14, new Msg().Str(1, AcousticModel.DecoderKey).Str(2, decoder));
        }

        if (extra is { } entry)
        {
            model.Sub(14, new Msg().Str(1, entry.Key).Str(2, entry.Value));
        }

        return model.ToArray();
    }
}
