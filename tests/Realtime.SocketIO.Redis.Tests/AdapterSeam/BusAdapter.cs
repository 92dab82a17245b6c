using System.Text.Json;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Tests.AdapterSeam;

/// <summary>
/// A cluster adapter written against the public API of Realtime.SocketIO only (this project sees none of its
/// internals), as a third-party adapter would be: it forwards broadcasts, broadcasts with acks and server-side emits
/// to the other servers' adapters and lets the base class deliver locally.
/// </summary>
public sealed class BusAdapter : Adapter
{
    private readonly InProcessBus _bus;

    public BusAdapter(Namespace nsp, InProcessBus bus) : base(nsp)
    {
        _bus = bus;
        bus.Join(this);
    }

    public override void Broadcast(SocketIOPacket packet, BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Flags.Local)
        {
            foreach (var peer in _bus.PeersOf(this))
            {
                peer.DeliverLocally(ThroughTheWire(packet), options);
            }
        }

        base.Broadcast(packet, options);
    }

    public override void BroadcastWithAck(SocketIOPacket packet, BroadcastOptions options, Action<int> clientCountCallback,
        Action<SocketIOArguments> ack)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Flags.Local)
        {
            foreach (var peer in _bus.PeersOf(this))
            {
                // As on a real wire, the packet goes without its id; the receiving base class numbers it.
                peer.DeliverLocallyWithAck(ThroughTheWire(packet) with { Id = null }, options, clientCountCallback,
                    answer => ack(ThroughTheWire(answer)));
            }
        }

        base.BroadcastWithAck(packet, options, clientCountCallback, ack);
    }

    public override void ServerSideEmit(SocketIOPacket packet)
    {
        foreach (var peer in _bus.PeersOf(this))
        {
            peer.OnServerSideEmit(ThroughTheWire(packet));
        }
    }

    /// <summary>A server-side emit whose listeners on the other servers may answer: the seam's reply hook.</summary>
    public void ServerSideEmitWithAck(SocketIOPacket packet, Action<SocketIOArguments> reply)
    {
        foreach (var peer in _bus.PeersOf(this))
        {
            peer.OnServerSideEmit(ThroughTheWire(packet), answer => reply(ThroughTheWire(answer)));
        }
    }

    public override ValueTask<int> ServerCountAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_bus.CountOf(Namespace.Name));

    public override ValueTask DisposeAsync()
    {
        _bus.Leave(this);
        return base.DisposeAsync();
    }

    private void DeliverLocally(SocketIOPacket packet, BroadcastOptions options) => base.Broadcast(packet, options);

    private void DeliverLocallyWithAck(SocketIOPacket packet, BroadcastOptions options, Action<int> clientCountCallback,
        Action<SocketIOArguments> ack) => base.BroadcastWithAck(packet, options, clientCountCallback, ack);

    /// <summary>The packet as another process would read it: its JSON parsed afresh from text.</summary>
    private static SocketIOPacket ThroughTheWire(SocketIOPacket packet) => packet with
    {
        Data = packet.Data is { } data ? JsonDocument.Parse(data.GetRawText()).RootElement : null,
    };

    /// <summary>An acknowledgement as another process would read it, built with the public constructor.</summary>
    private static SocketIOArguments ThroughTheWire(SocketIOArguments answer)
    {
        var json = "[" + string.Join(',', Enumerable.Range(0, answer.Count).Select(i => answer[i].GetRawText())) + "]";
        return new SocketIOArguments(JsonDocument.Parse(json).RootElement, answer.Attachments);
    }
}
