using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Realtime.FakeKubeApi;

/// <summary>One open watch: the lines waiting to be written to its HTTP response. A client too slow to drain is cut off.</summary>
internal sealed class WatchSubscription(ResourceType type, string? ns, LabelSelector selector)
{
    private readonly Channel<string> lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });

    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelReader<string> Lines => lines.Reader;

    /// <summary>Completes when the store drops this watch.</summary>
    public Task Closed => closed.Task;

    public bool Matches(ResourceType recordType, string recordNamespace, JsonObject item) =>
        recordType == type && (ns is null || ns == recordNamespace) && selector.Matches(item);

    public bool Offer(string line)
    {
        if (lines.Writer.TryWrite(line))
        {
            return true;
        }

        Close();
        return false;
    }

    public void Close()
    {
        lines.Writer.TryComplete();
        closed.TrySetResult();
    }
}
