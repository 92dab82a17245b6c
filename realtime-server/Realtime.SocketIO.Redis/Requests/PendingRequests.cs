using System.Collections.Concurrent;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Requests;

/// <summary>The requests this server is waiting on, by request id.</summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<string, ResponseCollector> _collectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AckRequest> _ackRequests = new(StringComparer.Ordinal);

    public ResponseCollector Start(string requestId, string requestName, long expected)
    {
        var collector = new ResponseCollector(requestName, expected);
        _collectors[requestId] = collector;
        return collector;
    }

    public void Finish(string requestId) => _collectors.TryRemove(requestId, out _);

    public bool TryGet(string requestId, out ResponseCollector collector) =>
        _collectors.TryGetValue(requestId, out collector!);

    /// <summary>Tracks a broadcast with acks until its timeout, as the Node adapter does (it cannot know when all acked).</summary>
    public void StartAck(string requestId, AckRequest request, TimeSpan lifetime)
    {
        _ackRequests[requestId] = request;
        _ = ForgetLaterAsync(requestId, lifetime);
    }

    public bool IsOwnAck(string requestId) => _ackRequests.ContainsKey(requestId);

    public bool TryGetAck(string requestId, out AckRequest request) => _ackRequests.TryGetValue(requestId, out request!);

    private async Task ForgetLaterAsync(string requestId, TimeSpan lifetime)
    {
        await Task.Delay(lifetime);
        _ackRequests.TryRemove(requestId, out _);
    }
}

/// <summary>The callbacks of a broadcast with acks sent to the other servers.</summary>
internal sealed record AckRequest(Action<int> ClientCount, Action<SocketIOArguments> Ack);
