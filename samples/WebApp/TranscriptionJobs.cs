using System.Collections.Concurrent;
using System.Threading.Channels;
using PianoTranscription.Transcription;

namespace WebApp;

/// <summary>One uploaded recording and what became of it.</summary>
public sealed class TranscriptionJob(string id, string fileName, string path)
{
    public string Id { get; } = id;
    public string FileName { get; } = fileName;
    internal string Path { get; } = path;
    public double Progress { get; set; }
    public string State { get; set; } = "queued";
    public string? Error { get; set; }
    public TranscriptionResult? Result { get; set; }

    /// <summary>What the page polls.</summary>
    public object Status() => new
    {
        id = Id,
        fileName = FileName,
        state = State,
        progress = Math.Round(Progress, 3),
        error = Error,
        notes = Result?.Notes.Count,
        pedalPresses = Result?.SustainPedal.Count,
        seconds = Result?.Duration.TotalSeconds,
        key = Result?.EstimatedKey?.Key.Name,
    };
}

/// <summary>
/// The queue of uploads and the background worker that transcribes them, two at a time, with the one shared
/// <see cref="PianoTranscriber"/>. Keeps the last <see cref="MaxJobs"/> jobs in memory.
/// </summary>
public sealed class TranscriptionJobs(PianoTranscriber transcriber, ILogger<TranscriptionJobs> log) : BackgroundService
{
    public const long MaxUploadBytes = 200L << 20;
    private const int MaxJobs = 100;
    private readonly ConcurrentDictionary<string, TranscriptionJob> _jobs = new();
    private readonly ConcurrentQueue<string> _order = new();
    private readonly Channel<TranscriptionJob> _queue = Channel.CreateBounded<TranscriptionJob>(MaxJobs);

    public TranscriptionJob? Find(string id) => _jobs.GetValueOrDefault(id);

    public async Task<TranscriptionJob> EnqueueAsync(IFormFile file, CancellationToken ct)
    {
        // Keep the upload's extension: it tells WAV from the formats ffmpeg decodes.
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Guid.NewGuid().ToString("N") + System.IO.Path.GetExtension(file.FileName));
        await using (var target = File.Create(path))
        {
            await file.CopyToAsync(target, ct);
        }

        var job = new TranscriptionJob(Guid.NewGuid().ToString("N")[..12], System.IO.Path.GetFileName(file.FileName), path);
        _jobs[job.Id] = job;
        _order.Enqueue(job.Id);
        while (_order.Count > MaxJobs && _order.TryDequeue(out string? old))
        {
            _jobs.TryRemove(old, out _);
        }

        await _queue.Writer.WriteAsync(job, ct);
        return job;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(_queue.Reader.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = stoppingToken },
            async (job, ct) =>
            {
                job.State = "working";
                try
                {
                    var progress = new Progress<TranscriptionProgress>(p => job.Progress = p.Fraction ?? 0);
                    job.Result = await transcriber.TranscribeAsync(job.Path, progress, ct);
                    job.Progress = 1;
                    job.State = "done";
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bad upload (not audio, truncated, an unknown format) is the user's to fix: say what it was.
                    log.LogInformation("{File}: {Error}", job.FileName, e.Message);
                    job.Error = e.Message;
                    job.State = "failed";
                }
                finally
                {
                    File.Delete(job.Path);
                }
            });
}
