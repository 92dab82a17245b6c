using System.Diagnostics.Metrics;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>The backplane's instruments (meter <c>Realtime.SocketIO.Redis</c>); the host exports them.</summary>
internal sealed class RedisAdapterMetrics : IDisposable
{
    public const string MeterName = "Realtime.SocketIO.Redis";

    private readonly Meter _meter;

    public RedisAdapterMetrics(IMeterFactory? meterFactory, Func<int> connectedShards)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Published = _meter.CreateCounter<long>("realtime.redis.messages.published", description: "Messages published to Redis.");
        Received = _meter.CreateCounter<long>("realtime.redis.messages.received",
            description: "Messages Redis delivered to this pod, by kind (broadcast, request, response).");
        PublishFailures = _meter.CreateCounter<long>("realtime.redis.publish.failures", description: "PUBLISH commands that failed.");
        Dropped = _meter.CreateCounter<long>("realtime.redis.messages.dropped",
            description: "Messages not published, by reason (disconnected, queue_full).");
        Undecodable = _meter.CreateCounter<long>("realtime.redis.messages.undecodable",
            description: "Messages received that are not in the adapter's wire format.");
        _meter.CreateObservableGauge("realtime.redis.shards.connected", connectedShards,
            description: "Redis masters this pod is connected to.");
    }

    public Counter<long> Published { get; }

    public Counter<long> Received { get; }

    public Counter<long> PublishFailures { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> Undecodable { get; }

    public void Dispose() => _meter.Dispose();
}
