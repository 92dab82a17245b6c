namespace Realtime.Operator.Runtime.Watching;

public sealed record WatcherOptions
{
    /// <summary>timeoutSeconds asked of the API server; it ends the watch cleanly and the watcher resumes.</summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch that delivers nothing (not even a bookmark) for this long is presumed dead and reopened.</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Delay before retrying a failed list or watch; doubles up to <see cref="RetryCap"/>.</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The resource may not be installed (a CRD of an optional integration): a 404 counts as an empty list that is
    /// tried again every <see cref="RetryCap"/>, and does not make the watcher unhealthy.
    /// </summary>
    public bool Optional { get; init; }

    /// <summary>Liveness fails when the loop has made no progress for this long.</summary>
    public TimeSpan UnhealthyAfter => SilenceTimeout + SilenceTimeout + RetryCap;
}
