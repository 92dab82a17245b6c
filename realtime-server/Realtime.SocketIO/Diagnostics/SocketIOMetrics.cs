using System.Diagnostics.Metrics;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Diagnostics;

/// <summary>
/// The Socket.IO instruments (meter <c>Realtime.SocketIO</c>): sockets and rooms per namespace, broadcasts and their
/// fan-out, packets in and out by type, connection state recoveries by result.
/// </summary>
public sealed class SocketIOMetrics
{
    public const string MeterName = "Realtime.SocketIO";

    private static readonly KeyValuePair<string, object?>[] TypeTags =
        Enum.GetValues<PacketType>().Select(type => new KeyValuePair<string, object?>("type", TypeName(type))).ToArray();

    private readonly Counter<long> _packetsIn;
    private readonly Counter<long> _packetsOut;
    private readonly Counter<long> _broadcasts;
    private readonly Counter<long> _recipients;
    private readonly Counter<long> _recoveries;

    internal SocketIOMetrics(IMeterFactory meterFactory, Func<IEnumerable<Namespace>> namespaces)
    {
        var meter = meterFactory.Create(MeterName);
        _packetsIn = meter.CreateCounter<long>("realtime.socketio.packets.in", "{packet}",
            "Socket.IO packets received, by type.");
        _packetsOut = meter.CreateCounter<long>("realtime.socketio.packets.out", "{packet}",
            "Socket.IO packets sent, by type (a broadcast counts once per recipient).");
        _broadcasts = meter.CreateCounter<long>("realtime.socketio.broadcasts", "{broadcast}",
            "Broadcasts delivered on this server, by namespace.");
        _recipients = meter.CreateCounter<long>("realtime.socketio.broadcast.recipients", "{socket}",
            "Sockets reached by broadcasts on this server (the fan-out), by namespace.");
        _recoveries = meter.CreateCounter<long>("realtime.socketio.recoveries", "{request}",
            "Reconnections asking for connection state recovery, by namespace and result.");
        meter.CreateObservableGauge("realtime.socketio.sockets",
            () => namespaces().Select(nsp => new Measurement<long>(nsp.Sockets.Count, NamespaceTag(nsp.Name))),
            "{socket}", "Connected sockets, by namespace.");
        meter.CreateObservableGauge("realtime.socketio.rooms",
            () => namespaces().Select(nsp => new Measurement<long>(nsp.Adapter.RoomCount, NamespaceTag(nsp.Name))),
            "{room}", "Rooms with local members (own-id rooms included), by namespace.");
    }

    internal void PacketIn(PacketType type) => _packetsIn.Add(1, TypeTags[(int)type]);

    internal void PacketOut(PacketType type) => _packetsOut.Add(1, TypeTags[(int)type]);

    /// <summary>
    /// A broadcast's packets are counted once for all its recipients, not per recipient: every measurement costs
    /// each listener a callback, on the hottest path there is.
    /// </summary>
    internal void Broadcast(string nsp, PacketType type, int recipients)
    {
        var tag = NamespaceTag(nsp);
        _broadcasts.Add(1, tag);
        _recipients.Add(recipients, tag);
        _packetsOut.Add(recipients, TypeTags[(int)type]);
    }

    internal void Recovery(string nsp, RecoveryResult result) =>
        _recoveries.Add(1, NamespaceTag(nsp), new KeyValuePair<string, object?>("result", result switch
        {
            RecoveryResult.Recovered => "recovered",
            RecoveryResult.Unknown => "unknown",
            RecoveryResult.Incomplete => "incomplete",
            RecoveryResult.Error => "error",
            RecoveryResult.Rejected => "rejected",
            _ => "abandoned",
        }));

    private static KeyValuePair<string, object?> NamespaceTag(string nsp) => new("namespace", nsp);

    private static string TypeName(PacketType type) => type switch
    {
        PacketType.Connect => "connect",
        PacketType.Disconnect => "disconnect",
        PacketType.Event => "event",
        PacketType.Ack => "ack",
        PacketType.ConnectError => "connect_error",
        PacketType.BinaryEvent => "binary_event",
        _ => "binary_ack",
    };
}
