using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using PianoTranscription.Midi;

namespace Samples.Tests;

/// <summary>The web app end to end in a real headless Chromium: upload, progress, the rendered roll, the download.</summary>
public sealed class WebAppTests : IAsyncLifetime
{
    private Process? _server;
    private string _url = "";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        int port = FreePort();
        _url = $"http://127.0.0.1:{port}";
        string project = Path.Combine(SampleApp.SamplesDirectory, "WebApp");
        string dll = Path.Combine(project, "bin", "Release", "net10.0", "WebApp.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built: run samples/build.sh.");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(_url);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _server = Process.Start(info)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        using var http = new HttpClient();
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            try
            {
                if ((await http.GetAsync(_url)).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !_server.HasExited)
            {
            }
        }

        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
    }

    [Fact]
    public async Task Upload_shows_progress_then_the_roll_and_the_midi_download_has_the_notes()
    {
        IPage page = await _browser!.NewPageAsync(new() { AcceptDownloads = true });
        await page.GotoAsync(_url);
        await page.SetInputFilesAsync("#file", SampleApp.ExampleWav);
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("#working:not(.hidden)");          // the progress bar appears
        await page.WaitForSelectorAsync("#roll svg rect.note", new() { Timeout = 120_000 });

        int drawn = await page.Locator("#roll svg rect.note").CountAsync();
        string summary = await page.InnerTextAsync("#summary");
        Assert.Contains($"example.wav: {drawn} notes", summary, StringComparison.Ordinal);
        Assert.InRange(drawn, 30, 200);
        Assert.True(await page.IsHiddenAsync("#working"));

        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#midi"));
        Assert.Equal("example.mid", download.SuggestedFilename);
        string saved = Path.Combine(SampleApp.TempDirectory(), "example.mid");
        await download.SaveAsAsync(saved);
        Assert.Equal(drawn, MidiNotes.Read(saved).Notes.Count);

        IDownload score = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#musicxml"));
        Assert.Equal("example.musicxml", score.SuggestedFilename);
        string xmlPath = Path.Combine(SampleApp.TempDirectory(), "example.musicxml");
        await score.SaveAsAsync(xmlPath);
        var xml = System.Xml.Linq.XDocument.Load(xmlPath);
        Assert.Equal("score-partwise", xml.Root!.Name.LocalName);
        Assert.Equal("2", xml.Descendants("staves").First().Value);
        int pitched = xml.Descendants("note").Count(n => n.Element("pitch") is not null);
        Assert.True(pitched >= drawn * 9 / 10, $"{pitched} pitched notes in the score for {drawn} transcribed");   // tied parts add some
    }

    [Fact]
    public async Task A_file_that_is_not_audio_shows_the_library_error()
    {
        string junk = Path.Combine(SampleApp.TempDirectory(), "junk.wav");
        await File.WriteAllTextAsync(junk, "this is not a recording");
        IPage page = await _browser!.NewPageAsync();
        await page.GotoAsync(_url);
        await page.SetInputFilesAsync("#file", junk);
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("#error:not(.hidden)", new() { Timeout = 60_000 });
        string error = await page.InnerTextAsync("#error");
        Assert.StartsWith("junk.wav: ", error, StringComparison.Ordinal);
        Assert.Contains("RIFF", error, StringComparison.Ordinal);
        Assert.True(await page.IsHiddenAsync("#done"));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
