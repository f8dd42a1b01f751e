using PianoTranscription.Features;

namespace PianoTranscription.Tests.Features;

/// <summary>The JSON configuration: every option round-trips, and bad documents name the bad field.</summary>
public sealed class FeaturizerJsonTests
{
    public static TheoryData<string> Configurations() => new()
    {
        "default",
        "linear-uncentred-power",
        "mel-decibels",
        "logmel",
        "logfreq-meanvar",
        "perclipmax",
    };

    private static Featurizer Make(string name) => name switch
    {
        "default" => Featurizer.PianoDefault,
        "linear-uncentred-power" => Featurizer.ForSampleRate(22050).Stft(1024, 256, centered: false).Linear().Power(),
        "mel-decibels" => Featurizer.ForSampleRate(16000).Stft(2048, 512).Mel(128, 20.5, 7999.25).Decibels(-80),
        "logmel" => Featurizer.ForSampleRate(16000).Stft(windowSize: 2048, hop: 512).LogMel(bins: 229, minHz: 30, maxHz: 8000),
        "logfreq-meanvar" => Featurizer.ForSampleRate(16000).Stft(1024, 160).LogFrequency(1, 55, 2000).Log1p(3.5)
            .NormalizeMeanVariance(Enumerable.Range(0, 63).Select(i => i * 0.01f).ToArray(), Enumerable.Range(0, 63).Select(i => 1f + (i * 0.123456789f)).ToArray()),
        "perclipmax" => Featurizer.ForSampleRate(44100).Stft(4096, 441).Magnitude().NormalizePerClipMax(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_configuration_round_trips(string name)
    {
        Featurizer f = Make(name);
        string json = f.ToJson();
        Featurizer back = Featurizer.FromJson(json);
        Assert.Equal(f, back);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(f.BinCount, back.BinCount);
        Assert.Equal(f.BinFrequencies, back.BinFrequencies);
        Assert.Contains("\"kind\": \"pianotranscription.featurizer\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_configuration_is_readable_json()
    {
        string json = Featurizer.PianoDefault.ToJson();
        Assert.Contains("\"windowSize\": 2048", json, StringComparison.Ordinal);
        Assert.Contains("\"hop\": 320", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"logFrequency\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"log1p\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Hand_written_json_with_comments_and_defaults_is_accepted()
    {
        const string Json = """
            {
              // a hand-edited file
              "kind": "pianotranscription.featurizer", "version": 1, "sampleRate": 16000,
              "stft": { "windowSize": 2048, "hop": 512 },
              "filterbank": { "type": "mel", "bins": 229, "minHz": 30, "maxHz": 8000 },
              "compression": { "type": "log1p", "scale": 1 },
              "normalization": { "type": "none" },
            }
            """;
        Assert.Equal(Featurizer.ForSampleRate(16000).Stft(2048, 512).LogMel(229, 30, 8000), Featurizer.FromJson(Json));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be an object")]
    [InlineData("{\"kind\":\"other\"}", "\"kind\" is \"other\"")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":2}", "\"version\" 2 is not supported")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":2048,\"hop\":320,\"wnidow\":\"hann\"}}", "unknown field \"wnidow\"")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":2048}}", "missing field \"stft.hop\"")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":\"big\",\"hop\":320}}", "\"stft.windowSize\" must be an integer")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":2048,\"hop\":320,\"window\":\"hamming\"}}", "must be \"hann\"")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":2048,\"hop\":4096}}", "hop must be between 1 and windowSize")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":2048,\"hop\":320},\"filterbank\":{\"type\":\"bark\"}}", "\"filterbank.type\" \"bark\" is unknown")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":2048,\"hop\":320},\"filterbank\":{\"type\":\"mel\",\"bins\":64,\"minHz\":0,\"maxHz\":9000}}", "maxHz must be above minHz")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":2048,\"hop\":320},\"filterbank\":{\"type\":\"linear\"},\"compression\":{\"type\":\"cube\"}}", "\"compression.type\" \"cube\" is unknown")]
    [InlineData("{\"kind\":\"pianotranscription.featurizer\",\"version\":1,\"sampleRate\":16000,\"stft\":{\"windowSize\":32,\"hop\":16},\"filterbank\":{\"type\":\"linear\"},\"compression\":{\"type\":\"magnitude\"},\"normalization\":{\"type\":\"meanVariance\",\"mean\":[0],\"std\":[1]}}", "mean has 1 values but the featurizer produces 17 bins")]
    public void Bad_documents_are_a_format_exception_naming_the_problem(string json, string message)
    {
        var ex = Assert.Throws<FormatException>(() => Featurizer.FromJson(json));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
