using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using PianoTranscription.Cli.Commands;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Audio;
using PianoTranscription.Tests.Transcription;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Cli;

/// <summary>What every command does with its command line, run as the built tool.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-cli-line-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Example(string name, double seconds = 1)
    {
        string path = Path.Combine(_dir, name);
        TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(seconds)).SaveWav(path);
        return path;
    }

    [Theory]
    [InlineData("transcribe typo.wav --fromat png", "unknown option '--fromat' (did you mean --format?)")]
    [InlineData("transcribe typo.wav --fromat=png", "unknown option '--fromat' (did you mean --format?)")]
    [InlineData("transcribe typo.wav --nope -o z.mid", "unknown option '--nope'; see '")]
    [InlineData("transcribe typo.wav -threads 1", "unknown option '-threads' (did you mean --threads?)")]
    [InlineData("transcribe --modle m.onnx typo.wav", "unknown option '--modle' (did you mean --model?)")]
    [InlineData("features typo.wav --out-dri out", "unknown option '--out-dri' (did you mean --out-dir?)")]
    [InlineData("features --print-confg", "unknown option '--print-confg' (did you mean --print-config?)")]
    [InlineData("info --nope typo.wav", "unknown option '--nope'; see '")]
    [InlineData("info typo.wav --ffmpge x", "unknown option '--ffmpge' (did you mean --ffmpeg?)")]
    [InlineData("evaluate a.mid b.mid --jsn", "unknown option '--jsn' (did you mean --json?)")]
    public void A_mistyped_option_is_refused_before_any_work(string line, string message)
    {
        Example("typo.wav");
        (int code, string stdout, string stderr) = CliProcess.RunIn(_dir, line.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error: " + message, Assert.Single(CliProcess.Lines(stderr)), StringComparison.Ordinal);
        Assert.Equal(["typo.wav"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName)); // nothing written
    }

    [Fact]
    public void After_a_double_dash_a_name_starting_with_a_dash_is_an_input()
    {
        Example("-take.wav");
        (int code, _, string stderr) = CliProcess.RunIn(_dir, "transcribe", "--", "-take.wav");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "-take.mid")));

        // An option's value may start with a dash; only the inputs are checked.
        (code, _, stderr) = CliProcess.RunIn(_dir, "transcribe", "-o", "-out.csv", "--", "-take.wav");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "-out.csv")));
    }

    [Theory]
    [InlineData("transcribe a/take.wav b/take.wav --out-dir out", "'a/take.wav' and 'b/take.wav' would both be written to {dir}/out/take.mid")]
    [InlineData("transcribe in/take.wav in/take.flac", "'in/take.wav' and 'in/take.flac' would both be written to {dir}/in/take.mid")]
    [InlineData("transcribe a/take.wav b/take.wav --out-dir out --format csv,json", "'a/take.wav' and 'b/take.wav' would both be written to {dir}/out/take.csv")]
    [InlineData("transcribe a/take.wav a/take.wav", "'a/take.wav' is given twice; give each input once.")]
    [InlineData("transcribe a/take.wav ./a/../a/take.wav --out-dir out", "'a/take.wav' and './a/../a/take.wav' are the same file")]
    [InlineData("features a/take.wav b/take.wav --out-dir out", "'a/take.wav' and 'b/take.wav' would both be written to {dir}/out/take.npy")]
    [InlineData("features a/take.wav a/take.wav --out-dir out", "'a/take.wav' is given twice")]
    [InlineData("features a/take.wav -o a/take.wav", "the output of 'a/take.wav' would be {dir}/a/take.wav, which is the input 'a/take.wav'")]
    public void Two_inputs_for_one_output_or_one_input_twice_are_refused_before_any_work(string line, string message)
    {
        foreach (string folder in new[] { "a", "b", "in" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, folder));
            Example(Path.Combine(folder, "take.wav"));
        }

        File.WriteAllBytes(Path.Combine(_dir, "in", "take.flac"), [.. "fLaC"u8, .. new byte[60]]); // never read
        string[] before = Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

        (int code, string stdout, string stderr) = CliProcess.RunIn(_dir, line.Split(' '));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error: " + message.Replace("{dir}", _dir, StringComparison.Ordinal), Assert.Single(CliProcess.Lines(stderr)), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)); // no output, no folder
    }

    [Theory]
    [InlineData("transcribe", "nan.mid")]
    [InlineData("features", "nan.npy")]
    public void Nan_samples_name_the_option_that_reads_them_as_silence(string command, string output)
    {
        float[] samples = new float[16000];
        samples[100] = float.NaN;
        samples[200] = float.PositiveInfinity;
        string input = Path.Combine(_dir, "nan.wav");
        File.WriteAllBytes(input, WavBuilder.Simple(3, 1, 16000, 32, WavBuilder.Float32(samples)));
        string target = Path.Combine(_dir, output);
        string[] args = command == "features" ? [command, input, "-o", target] : [command, input];

        (int code, string stdout, string stderr) = CliProcess.Run(args);
        Assert.Equal(2, code);
        string line = Assert.Single(CliProcess.Lines(stderr));
        Assert.Contains("sample frame 100 is NaN", line, StringComparison.Ordinal);
        Assert.Contains("give --nan-samples zero to read them as silence", line, StringComparison.Ordinal);
        Assert.DoesNotContain("AudioLoadOptions", line, StringComparison.Ordinal);
        Assert.False(File.Exists(target));

        (code, stdout, stderr) = CliProcess.Run([.. args, "--nan-samples", "zero"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("nan.wav ->", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(target));

        (code, _, stderr) = CliProcess.Run([.. args, "--nan-samples", "maybe"]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --nan-samples is 'maybe'; use error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_featurizer_metadata_takes_the_featurizer_from_a_file()
    {
        string input = Example("take.wav", 3);
        string model = Path.Combine(_dir, "bare.onnx");
        File.WriteAllBytes(model, WithoutMetadata(File.ReadAllBytes(AcousticModelTests.FindModelFile()), AcousticModel.FeaturizerKey));
        string output = Path.Combine(_dir, "take.json");

        (int code, _, string stderr) = CliProcess.Run("transcribe", input, "-o", output, "--model", model);
        Assert.Equal(2, code);
        string line = Assert.Single(CliProcess.Lines(stderr));
        Assert.Contains($"has no \"{AcousticModel.FeaturizerKey}\" metadata entry; give --featurizer FILE.json", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pass the featurizer", line, StringComparison.Ordinal);

        string features = Path.Combine(_dir, "features.json");
        File.WriteAllText(features, AcousticModel.Default.Featurizer.ToJson());
        (code, _, stderr) = CliProcess.Run("transcribe", input, "-o", output, "--model", model, "--featurizer", features);
        Assert.True(code == 0, stderr);
        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(input).Notes, NoteJson.Read(output).Notes);

        (code, _, stderr) = CliProcess.Run("transcribe", input, "--featurizer", features);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --featurizer goes with --model", stderr, StringComparison.Ordinal);
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), as the tool it starts then does.</summary>
    private static bool SigIntIgnoredHere()
    {
        string? mask = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))?[7..].Trim();
        return mask is not null && (ulong.Parse(mask, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x2) != 0;
    }

    /// <summary>An ONNX model's bytes without the metadata entry <paramref name="key"/> (field 14 of ModelProto).</summary>
    private static byte[] WithoutMetadata(byte[] model, string key)
    {
        const int MetadataProps = 14;
        var input = new CodedInputStream(model);
        using var ms = new MemoryStream();
        using (var output = new CodedOutputStream(ms, leaveOpen: true))
        {
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagWireType(tag))
                {
                    case WireFormat.WireType.Varint:
                        output.WriteTag(tag);
                        output.WriteUInt64(input.ReadUInt64());
                        break;
                    case WireFormat.WireType.Fixed32:
                        output.WriteTag(tag);
                        output.WriteFixed32(input.ReadFixed32());
                        break;
                    case WireFormat.WireType.Fixed64:
                        output.WriteTag(tag);
                        output.WriteFixed64(input.ReadFixed64());
                        break;
                    default:
                        ByteString bytes = input.ReadBytes();
                        if (WireFormat.GetTagFieldNumber(tag) == MetadataProps && EntryKey(bytes) == key)
                        {
                            break;
                        }

                        output.WriteTag(tag);
                        output.WriteBytes(bytes);
                        break;
                }
            }
        }

        return ms.ToArray();
    }

    /// <summary>The key (field 1) of a StringStringEntryProto.</summary>
    private static string? EntryKey(ByteString entry)
    {
        var input = new CodedInputStream(entry.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                return input.ReadString();
            }

            input.SkipLastField();
        }

        return null;
    }

    [Theory]
    [InlineData("transcribe")]
    [InlineData("features")]
    public void An_error_line_names_the_file_once_as_given(string command)
    {
        File.WriteAllText(Path.Combine(_dir, "bad.wav"), "not audio");
        string[] outputs = command == "features" ? ["--out-dir", "out"] : [];

        (int code, _, string stderr) = CliProcess.RunIn(_dir, [command, "bad.wav", "missing.wav", .. outputs]);

        Assert.Equal(2, code);
        string[] lines = CliProcess.Lines(stderr).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: bad.wav: not a RIFF/WAVE file", lines[0], StringComparison.Ordinal);
        Assert.Equal("error: missing.wav: file not found", lines[1]);
        Assert.All(lines, l => Assert.DoesNotContain(_dir, l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_stops_the_batch_with_one_line_and_the_conventional_exit_code(string signal, int exitCode)
    {
        const int Files = 20;
        string[] inputs = Enumerable.Range(1, Files).Select(i => Path.Combine(_dir, $"take{i:00}.wav")).ToArray();
        foreach (string input in inputs)
        {
            File.Copy(TranscriptionTestData.ExamplePath, input);
        }

        string outDir = Path.Combine(_dir, "out");
        using Process process = CliProcess.Start(null, ["transcribe", .. inputs, "--out-dir", outDir, "--threads", "2"]);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string? first = await process.StandardOutput.ReadLineAsync();
        Assert.StartsWith("[1/20] ", first, StringComparison.Ordinal); // the batch is running: some files done, some in flight
        using (Process kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        string rest = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        if (signal == "INT" && SigIntIgnoredHere())
        {
            // Started from a background job of a non-interactive shell: SIGINT is ignored on entry, as the shell
            // wants, and the tool (like any program) keeps ignoring it: the batch runs to its end.
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(Files, Directory.GetFiles(outDir).Length);
            return;
        }

        Assert.Equal(exitCode, process.ExitCode);
        string line = Assert.Single(CliProcess.Lines(await stderr));
        Match done = Regex.Match(line, @"^cancelled: (\d+) of 20 files done; the others wrote nothing$");
        Assert.True(done.Success, line);
        int finished = int.Parse(done.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(finished, 1, Files - 1);
        Assert.Equal(finished, 1 + CliProcess.Lines(rest).Length);

        // Each file done is whole; the others left nothing, not even a temporary file.
        string[] written = Directory.GetFiles(outDir);
        Assert.Equal(finished, written.Length);
        int notes = PianoTranscriber.CreateDefault().Transcribe(inputs[0]).Notes.Count;
        Assert.All(written, path =>
        {
            Assert.EndsWith(".mid", path, StringComparison.Ordinal);
            Assert.Equal(notes, MidiNotes.Read(path).Notes.Count);
        });
    }

    [Fact]
    public void Info_lists_what_a_header_claims_that_the_bytes_do_not_bear_out()
    {
        File.WriteAllBytes(Path.Combine(_dir, "streamed.wav"), HeaderLies(placeholder: true));
        (int code, string stdout, string stderr) = CliProcess.RunIn(_dir, "info", "streamed.wav");
        Assert.True(code == 0, stderr);
        Assert.Equal(string.Empty, stderr);
        string[] lines = CliProcess.Lines(stdout);
        Assert.StartsWith("size:", lines[^3], StringComparison.Ordinal); // after the listing, one line per warning
        Assert.StartsWith("warning: the data chunk's size is a placeholder (4294967295)", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("warning: the RIFF header says the file is 100008 bytes but it is 444", lines[^1], StringComparison.Ordinal);

        File.WriteAllBytes(Path.Combine(_dir, "fine.wav"), WavBuilder.Simple(1, 1, 16000, 16, new byte[400]));
        (code, stdout, _) = CliProcess.RunIn(_dir, "info", "fine.wav");
        Assert.Equal(0, code);
        Assert.DoesNotContain("warning", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("transcribe", "lies.mid", "lies.wav -> ")]
    [InlineData("features", "lies.npy", "lies.wav -> ")]
    public void A_header_warning_is_one_stderr_line_per_warning_and_the_file_is_still_written(string command, string output, string done)
    {
        File.WriteAllBytes(Path.Combine(_dir, "lies.wav"), HeaderLies(placeholder: false));
        string[] args = command == "features" ? [command, "lies.wav", "-o", output] : [command, "lies.wav"];

        (int code, string stdout, string stderr) = CliProcess.RunIn(_dir, args);

        Assert.True(code == 0, stderr);
        Assert.Contains(done, stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, output)));
        Assert.Equal(
            ["warning: lies.wav: the RIFF header says the file is 100008 bytes but it is 444; rewriting the file fixes it (e.g. ffmpeg -i in.wav -c copy out.wav)"],
            CliProcess.Lines(stderr));
    }

    /// <summary>A 16 kHz WAV of 400 bytes of silence whose RIFF size lies, and whose data size is a streamed writer's placeholder if asked.</summary>
    private static byte[] HeaderLies(bool placeholder)
    {
        var builder = new WavBuilder { RiffSize = 100_000 };
        builder.Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, 16));
        builder.Chunk("data", new byte[400], declaredSize: placeholder ? 0xFFFFFFFF : null);
        return builder.ToArray();
    }

    [Theory]
    [InlineData("--fromat", "--format", 1)]
    [InlineData("--format", "--format", 0)]
    [InlineData("-threads", "--threads", 1)]
    [InlineData("--nope", "--out", 3)]
    public void Edit_distance_counts_a_swap_as_one_edit(string a, string b, int distance) =>
        Assert.Equal(distance, UnknownOptions.Distance(a, b));
}
