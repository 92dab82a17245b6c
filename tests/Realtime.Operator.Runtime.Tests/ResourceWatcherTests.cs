using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.FakeKubeApi;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Watching;
using Realtime.Testing;

namespace Realtime.Operator.Runtime.Tests;

public sealed class ResourceWatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);
    private readonly List<(WatchEventType Type, string Name, string? Value)> _events = [];
    private readonly OperatorMetrics _metrics = new();
    private FakeApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Lists_then_streams_every_change()
    {
        await Create("before", "1");
        var (watcher, stop, running) = Start(new WatcherOptions());

        await watcher.Synced.WaitAsync(Timeout);
        await Create("after", "1");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("before", "ns");

        await Eventually.TrueAsync(() => Seen(WatchEventType.Deleted, "before"), Timeout, "deletion streamed");
        Assert.True(Seen(WatchEventType.Added, "before"));
        Assert.True(Seen(WatchEventType.Added, "after"));
        Assert.Equal(["after"], watcher.Items.Select(item => item.Metadata.Name));
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task The_cache_keeps_no_managed_fields_from_the_list_or_the_watch_but_keeps_what_reconcile_reads()
    {
        var listed = await Create("listed", "1");
        var (watcher, stop, running) = Start(new WatcherOptions());
        await watcher.Synced.WaitAsync(Timeout);
        var streamed = await Create("streamed", "1");
        await Eventually.TrueAsync(() => watcher.TryGet("ns", "streamed") is not null, Timeout, "streamed object cached");

        Assert.NotEmpty(listed.Metadata.ManagedFields);
        Assert.NotEmpty(streamed.Metadata.ManagedFields);
        Assert.All(watcher.Items, item => Assert.Null(item.Metadata.ManagedFields));
        var cached = watcher.TryGet("ns", "listed")!;
        Assert.Equal((listed.Metadata.Uid, listed.Metadata.ResourceVersion, "1"), (cached.Metadata.Uid, cached.Metadata.ResourceVersion, cached.Data["k"]));
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_the_last_resource_version_without_listing_again()
    {
        var (watcher, stop, running) = Start(new WatcherOptions());
        await watcher.Synced.WaitAsync(Timeout);
        await Create("a", "1");
        await Eventually.TrueAsync(() => Seen(WatchEventType.Added, "a"), Timeout, "a seen");

        _server.Store.DropWatches();
        await Create("b", "1");

        await Eventually.TrueAsync(() => Seen(WatchEventType.Added, "b"), Timeout, "b seen after the drop");
        Assert.Equal(1, _server.Requests.Count(request => request.Verb == "list"));
        Assert.Equal(1, _events.Count(e => e.Name == "a"));
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task An_expired_resource_version_leads_to_a_new_list_that_reports_what_vanished_meanwhile()
    {
        await Create("stays", "1");
        await Create("goes", "1");
        var (watcher, stop, running) = Start(new WatcherOptions());
        await watcher.Synced.WaitAsync(Timeout);

        _server.Faults.SilentWatches = true;
        _server.Store.DropWatches();
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("goes", "ns");
        _server.Store.Compact();
        _server.Faults.SilentWatches = false;
        _server.Store.DropWatches();

        await Eventually.TrueAsync(() => _server.Requests.Count(request => request.Verb == "list") >= 2, Timeout, "listed again after 410");
        await Eventually.TrueAsync(() => Seen(WatchEventType.Deleted, "goes"), Timeout, "vanished object reported deleted");
        Assert.Equal(["stays"], watcher.Items.Select(item => item.Metadata.Name));
        Assert.True(_metrics.WatchRestartCount("configmaps", "gone") >= 1);
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task A_silent_watch_is_reopened_after_the_silence_timeout_and_catches_up()
    {
        _server.Faults.SilentWatches = true;
        var (watcher, stop, running) = Start(new WatcherOptions { SilenceTimeout = TimeSpan.FromMilliseconds(300) });
        await watcher.Synced.WaitAsync(Timeout);
        await Create("during-silence", "1");

        await Eventually.TrueAsync(() => _metrics.WatchRestartCount("configmaps", "timeout") >= 1, Timeout, "silent watch timed out");
        _server.Faults.SilentWatches = false;

        await Eventually.TrueAsync(() => Seen(WatchEventType.Added, "during-silence"), Timeout, "change made during the silence delivered");
        Assert.True(watcher.Health.IsHealthy);
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task Health_fails_when_the_api_server_keeps_failing_and_recovers_with_it()
    {
        _server.Faults.Fail(int.MaxValue, 500);
        var options = new WatcherOptions { SilenceTimeout = TimeSpan.FromMilliseconds(100), RetryInitial = TimeSpan.FromMilliseconds(20), RetryCap = TimeSpan.FromMilliseconds(100) };
        var (watcher, stop, running) = Start(options);

        await Eventually.TrueAsync(() => !watcher.Health.IsHealthy, Timeout, "liveness reports the stuck watch");
        _server.Faults.Clear();
        await watcher.Synced.WaitAsync(Timeout);
        Assert.True(watcher.Health.IsHealthy);
        await StopAsync(stop, running);
    }

    private (ResourceWatcher<V1ConfigMap> Watcher, CancellationTokenSource Stop, Task Running) Start(WatcherOptions options)
    {
        var source = new WatchSource<V1ConfigMap, V1ConfigMapList>(
            "configmaps",
            ct => _client.CoreV1.ListNamespacedConfigMapAsync("ns", cancellationToken: ct),
            (rv, timeout, onError, ct) => _client.CoreV1.WatchListNamespacedConfigMapAsync(
                "ns", allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
        var watcher = new ResourceWatcher<V1ConfigMap>(
            source,
            (type, item) =>
            {
                lock (_events)
                {
                    _events.Add((type, item.Metadata.Name, item.Data is { } data && data.TryGetValue("k", out var value) ? value : null));
                }
            },
            options,
            NullLogger.Instance,
            _metrics);
        var stop = new CancellationTokenSource();
        return (watcher, stop, watcher.RunAsync(stop.Token));
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task running)
    {
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
        stop.Dispose();
    }

    private bool Seen(WatchEventType type, string name)
    {
        lock (_events)
        {
            return _events.Any(e => e.Type == type && e.Name == name);
        }
    }

    private Task<V1ConfigMap> Create(string name, string value) => _client.CoreV1.CreateNamespacedConfigMapAsync(
        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = value } }, "ns");
}
