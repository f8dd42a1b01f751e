using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using PianoTranscription.Transcription;
using Xunit.Abstractions;

namespace Samples.Tests;

/// <summary>
/// The Blazor WebAssembly sample in headless Chromium: the published static site (no server code) transcribes the
/// example inside the browser and gets the notes the library gets on the server. Prints the browser's speed.
/// </summary>
public sealed class BlazorWasmTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_browser_transcribes_the_example_with_the_same_notes_as_dotnet()
    {
        string site = Path.Combine(SampleApp.SamplesDirectory, "..", "artifacts", "blazorwasm", "wwwroot");
        Assert.True(File.Exists(Path.Combine(site, "index.html")), $"{site} is missing: samples/build.sh publishes the app there.");

        // Any static file server will do; this one is Kestrel, with the types Blazor's files need.
        int port = WebAppTests.FreePort();
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".blat"] = "application/octet-stream";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using WebApplication server = builder.Build();
        var files = new PhysicalFileProvider(Path.GetFullPath(site));
        server.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        server.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types, ServeUnknownFileTypes = true });
        await server.StartAsync();

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        {
            IPage page = await browser.NewPageAsync();
            var console = new List<string>();
            page.Console += (_, m) => console.Add(m.Text);
            await page.GotoAsync($"http://127.0.0.1:{port}/");
            await page.ClickAsync("#example", new() { Timeout = 120_000 });
            await page.WaitForSelectorAsync("#summary", new() { Timeout = 300_000 });

            int notes = int.Parse(await page.GetAttributeAsync("#summary", "data-notes") ?? "-1", CultureInfo.InvariantCulture);
            double audio = double.Parse(await page.GetAttributeAsync("#summary", "data-audio-seconds") ?? "0", CultureInfo.InvariantCulture);
            double wall = double.Parse(await page.GetAttributeAsync("#summary", "data-wall-seconds") ?? "0", CultureInfo.InvariantCulture);
            output.WriteLine($"browser: {audio:0.0} s of audio in {wall:0.00} s ({audio / wall:0.0}× real time), {notes} notes");
            Assert.True(await page.Locator("#error").CountAsync() == 0, string.Join('\n', console));

            int expected = PianoTranscriber.CreateDefault().Transcribe(SampleApp.ExampleWav).Notes.Count;
            Assert.Equal(expected, notes);
            Assert.Equal(expected, await page.Locator("#roll svg rect.note").CountAsync());
            await browser.CloseAsync();
        }

        await server.StopAsync();
    }
}
