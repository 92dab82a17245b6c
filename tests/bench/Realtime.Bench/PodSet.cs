using System.Globalization;
using Realtime.Testing;

namespace Realtime.Bench;

/// <summary>One or more server processes of one kind on free loopback ports, stopped together.</summary>
public sealed class PodSet : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];

    private PodSet()
    {
    }

    public List<Uri> Urls { get; } = [];

    public static async Task<PodSet> StartAsync(ServerKind kind, int count, string? redisUrl, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var set = new PodSet();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var port = FreePort.Next();
                var process = kind.Start(port, string.Create(CultureInfo.InvariantCulture, $"bench-{i}"), redisUrl);
                set._processes.Add(process);
                await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), process);
                set.Urls.Add(new Uri($"http://127.0.0.1:{port}"));
            }

            cancellation.ThrowIfCancellationRequested();
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// For an exception filter: writes whether each pod still runs and its last output lines, so a failed row says what
    /// the server said (an OutOfMemoryException, a crash) instead of only the client's connection reset; never catches.
    /// </summary>
    public bool WriteOutputOnFailure(TextWriter log, int lines = 40)
    {
        ArgumentNullException.ThrowIfNull(log);
        for (var i = 0; i < _processes.Count; i++)
        {
            var process = _processes[i];
            log.WriteLine($"pod {i} ({(process.HasExited ? "exited" : "running")}), its last {lines} lines:");
            foreach (var line in process.Output.Split('\n').TakeLast(lines))
            {
                log.WriteLine("  " + line);
            }
        }

        return false;
    }

    /// <summary>CPU seconds and RSS summed over the pods; peak RSS is the largest single pod's.</summary>
    public ProcessStats TotalStats()
    {
        var stats = _processes.Select(p => ProcessStats.Read(p.Id)).ToList();
        return new ProcessStats(stats.Sum(s => s.CpuSeconds), stats.Sum(s => s.RssKiB), stats.Max(s => s.PeakRssKiB),
            stats.Sum(s => s.ContextSwitches));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }
}
