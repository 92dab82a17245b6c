using System.Diagnostics.Metrics;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// The backplane's instruments (meter <c>Realtime.SocketIO.Redis</c>) for the host to export, plus running totals
/// that tests and the benchmark read directly (<see cref="Snapshot"/>).
/// </summary>
internal sealed class RedisAdapterMetrics : IDisposable
{
    public const string MeterName = "Realtime.SocketIO.Redis";

    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _received;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _undecodable;
    private long _publishedTotal;
    private long _receivedTotal;
    private long _publishFailuresTotal;
    private long _droppedTotal;
    private long _undecodableTotal;

    public RedisAdapterMetrics(IMeterFactory? meterFactory, Func<int> connectedShards)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _published = _meter.CreateCounter<long>("realtime.redis.messages.published", description: "Messages published to Redis.");
        _received = _meter.CreateCounter<long>("realtime.redis.messages.received",
            description: "Messages Redis delivered to this pod, by kind (broadcast, request, response).");
        _publishFailures = _meter.CreateCounter<long>("realtime.redis.publish.failures", description: "PUBLISH commands that failed.");
        _dropped = _meter.CreateCounter<long>("realtime.redis.messages.dropped",
            description: "Messages not published, by reason (disconnected, queue_full, failover_buffer_full).");
        _undecodable = _meter.CreateCounter<long>("realtime.redis.messages.undecodable",
            description: "Messages received that are not in the adapter's wire format, or over the size limit.");
        _meter.CreateObservableGauge("realtime.redis.shards.connected", connectedShards,
            description: "Redis masters this pod is connected to.");
    }

    public BackplaneCounters Snapshot => new(
        Interlocked.Read(ref _publishedTotal),
        Interlocked.Read(ref _receivedTotal),
        Interlocked.Read(ref _publishFailuresTotal),
        Interlocked.Read(ref _droppedTotal),
        Interlocked.Read(ref _undecodableTotal));

    public void Published()
    {
        Interlocked.Increment(ref _publishedTotal);
        _published.Add(1);
    }

    public void Received(string kind)
    {
        Interlocked.Increment(ref _receivedTotal);
        _received.Add(1, new KeyValuePair<string, object?>("kind", kind));
    }

    public void PublishFailed()
    {
        Interlocked.Increment(ref _publishFailuresTotal);
        _publishFailures.Add(1);
    }

    public void Dropped(string reason)
    {
        Interlocked.Increment(ref _droppedTotal);
        _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Undecodable()
    {
        Interlocked.Increment(ref _undecodableTotal);
        _undecodable.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
