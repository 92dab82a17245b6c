using System.Diagnostics.Metrics;

namespace Realtime.EngineIO;

/// <summary>The instruments of the <c>Realtime.EngineIO</c> meter.</summary>
internal sealed class EngineMetrics
{
    public const string MeterName = "Realtime.EngineIO";

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _packetsIn;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _packetsOut;
    private readonly Counter<long> _bytesOut;
    private readonly Counter<long> _disconnects;
    private readonly Counter<long> _slowConsumerDrops;

    public EngineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("realtime.engineio.connections", "{connection}",
            "Open Engine.IO connections.");
        _packetsIn = meter.CreateCounter<long>("realtime.engineio.packets.in", "{packet}", "Packets received.");
        _bytesIn = meter.CreateCounter<long>("realtime.engineio.bytes.in", "By", "Packet bytes received.");
        _packetsOut = meter.CreateCounter<long>("realtime.engineio.packets.out", "{packet}", "Packets written.");
        _bytesOut = meter.CreateCounter<long>("realtime.engineio.bytes.out", "By", "Packet bytes written.");
        _disconnects = meter.CreateCounter<long>("realtime.engineio.disconnects", "{connection}",
            "Closed connections, by reason.");
        _slowConsumerDrops = meter.CreateCounter<long>("realtime.engineio.slow_consumer.drops", "{connection}",
            "Connections dropped because their outbound queue overflowed.");
    }

    public void Opened() => _connections.Add(1);

    public void Closed(string reason)
    {
        _connections.Add(-1);
        _disconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void PacketIn(int bytes)
    {
        _packetsIn.Add(1);
        _bytesIn.Add(bytes);
    }

    public void PacketsOut(int packets, long bytes)
    {
        _packetsOut.Add(packets);
        _bytesOut.Add(bytes);
    }

    public void SlowConsumerDropped() => _slowConsumerDrops.Add(1);
}
