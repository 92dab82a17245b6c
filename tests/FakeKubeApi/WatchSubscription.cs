using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Realtime.FakeKubeApi;

/// <summary>One open watch: the lines waiting to be written to its HTTP response. A client too slow to drain is cut off.</summary>
internal sealed class WatchSubscription(ResourceType type, string? ns, ObjectSelector selector)
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Completes when the store drops this watch.</summary>
    public Task Closed => _closed.Task;

    public bool Matches(ResourceType recordType, string recordNamespace, JsonObject item) =>
        recordType == type && (ns is null || ns == recordNamespace) && selector.Matches(item);

    /// <summary>
    /// What this watch sees of a change, as the API server's watch cache decides it
    /// (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go, convertToWatchEvent): an object that
    /// starts to match the selector arrives as ADDED, one that stops matching as DELETED with its previous content
    /// and the change's resourceVersion, and a change outside the selection not at all.
    /// </summary>
    public string? EventFor(WatchRecord record)
    {
        if (record.Type != type || ns is not null && ns != record.Namespace)
        {
            return null;
        }

        var currentPasses = record.EventType != "DELETED" && selector.Matches(record.Object);
        var previousPasses = record.Previous is not null && selector.Matches(record.Previous);
        switch (currentPasses, previousPasses)
        {
            case (true, false):
                return ObjectStore.WatchLine("ADDED", record.Object);
            case (true, true):
                return ObjectStore.WatchLine(record.EventType, record.Object);
            case (false, true):
                var gone = (JsonObject)record.Previous!.DeepClone();
                gone["metadata"]!["resourceVersion"] = record.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                return ObjectStore.WatchLine("DELETED", gone);
            default:
                return null;
        }
    }

    public bool Offer(string line)
    {
        if (_lines.Writer.TryWrite(line))
        {
            return true;
        }

        Close();
        return false;
    }

    public void Close()
    {
        _lines.Writer.TryComplete();
        _closed.TrySetResult();
    }
}
