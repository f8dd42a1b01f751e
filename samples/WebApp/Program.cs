// A web app: upload a piano recording, watch the progress, see the piano roll, download the MIDI.
//   dotnet run            then open http://localhost:5000
using PianoTranscription.Notation;
using PianoTranscription.Transcription;
using WebApp;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(PianoTranscriber.CreateDefault());   // thread-safe: one for the whole app
builder.Services.AddSingleton<TranscriptionJobs>();
builder.Services.AddHostedService(s => s.GetRequiredService<TranscriptionJobs>());
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = TranscriptionJobs.MaxUploadBytes);

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();

// Upload: multipart form with a "file" field. Answers 202 with the job's id; the work runs in the background.
app.MapPost("/api/transcriptions", async (HttpRequest request, TranscriptionJobs jobs, CancellationToken ct) =>
{
    if (!request.HasFormContentType)
    {
        return Results.BadRequest(new { error = "send the recording as multipart/form-data with a 'file' field" });
    }

    IFormFile? file = (await request.ReadFormAsync(ct)).Files.GetFile("file");
    if (file is null || file.Length == 0)
    {
        return Results.BadRequest(new { error = "no file, or an empty one" });
    }

    TranscriptionJob job = await jobs.EnqueueAsync(file, ct);
    return Results.Accepted($"/api/transcriptions/{job.Id}", job.Status());
}).DisableAntiforgery();

app.MapGet("/api/transcriptions/{id}", (string id, TranscriptionJobs jobs) =>
    jobs.Find(id) is { } job ? Results.Ok(job.Status()) : Results.NotFound());

// Results, once the job is done: the piano roll (SVG), the notes as MIDI and CSV, the two-staff score as MusicXML.
app.MapGet("/api/transcriptions/{id}/{format}", (string id, string format, TranscriptionJobs jobs) =>
{
    if (jobs.Find(id) is not { Result: { } result } job)
    {
        return Results.NotFound();
    }

    string name = Path.GetFileNameWithoutExtension(job.FileName);
    return format switch
    {
        "roll.svg" => Results.File(Export(p => result.WriteSvg(p), ".svg"), "image/svg+xml"),
        "notes.mid" => Results.File(Export(p => result.WriteMidi(p), ".mid"), "audio/midi", name + ".mid"),
        "notes.csv" => Results.File(Export(result.WriteCsv, ".csv"), "text/csv", name + ".csv"),
        "score.musicxml" => Results.File(MusicXml(result), "application/vnd.recordare.musicxml+xml", name + ".musicxml"),
        _ => Results.NotFound(),
    };
});

app.Run();

// The score: tempo, bars, hands and key found from the notes, written as MusicXML (MuseScore, Finale, Sibelius...).
static byte[] MusicXml(TranscriptionResult result)
{
    using var bytes = new MemoryStream();
    result.ToScore().WriteMusicXml(bytes);
    return bytes.ToArray();
}

// The library writes files; a web response wants bytes.
static byte[] Export(Action<string> write, string extension)
{
    string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + extension);
    try
    {
        write(path);
        return File.ReadAllBytes(path);
    }
    finally
    {
        File.Delete(path);
    }
}
