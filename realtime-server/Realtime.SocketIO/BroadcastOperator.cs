using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO;

/// <summary>
/// An immutable description of whom a broadcast reaches (<see cref="To(string)"/> rooms, <see cref="Except(string)"/>
/// rooms, flags); every operation goes through the namespace's adapter.
/// </summary>
public sealed class BroadcastOperator
{
    private static readonly HashSet<string> NoRooms = [];

    private readonly Namespace _namespace;
    private readonly HashSet<string> _rooms;
    private readonly HashSet<string> _except;
    private readonly BroadcastFlags _flags;

    internal BroadcastOperator(Namespace nsp)
        : this(nsp, NoRooms, NoRooms, BroadcastFlags.None)
    {
    }

    private BroadcastOperator(Namespace nsp, HashSet<string> rooms, HashSet<string> except, BroadcastFlags flags)
    {
        _namespace = nsp;
        _rooms = rooms;
        _except = except;
        _flags = flags;
    }

    /// <summary>Adds rooms: the broadcast reaches sockets in any of them.</summary>
    public BroadcastOperator To(string room) => To([room]);

    public BroadcastOperator To(IEnumerable<string> rooms) =>
        new(_namespace, Union(_rooms, rooms), _except, _flags);

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Leaves out the sockets in these rooms (a socket id leaves out that socket).</summary>
    public BroadcastOperator Except(string room) => Except([room]);

    public BroadcastOperator Except(IEnumerable<string> rooms) =>
        new(_namespace, _rooms, Union(_except, rooms), _flags);

    /// <summary>This server only, even with a cluster adapter.</summary>
    public BroadcastOperator Local => new(_namespace, _rooms, _except, _flags with { Local = true });

    public BroadcastOperator Volatile => new(_namespace, _rooms, _except, _flags with { Volatile = true });

    /// <summary>How long <see cref="EmitWithAckAsync"/> waits for the recipients.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) =>
        new(_namespace, _rooms, _except, _flags with { Timeout = timeout });

    public BroadcastOptions Options => new() { Rooms = _rooms, Except = _except, Flags = _flags };

    /// <summary>Sends an event to every matching socket, encoded once.</summary>
    public void Emit(string eventName, params object?[] args)
    {
        EventNames.EnsureEmittable(eventName);
        _namespace.Adapter.Broadcast(EncodedPacket.ToPacket(PacketType.Event, _namespace.Name, null, eventName, args),
            Options);
    }

    /// <summary>
    /// Sends an event to every matching socket and collects their acknowledgements; throws
    /// <see cref="TimeoutException"/> when not all of them answered within the timeout.
    /// </summary>
    public async Task<IReadOnlyList<SocketIOArguments>> EmitWithAckAsync(string eventName, params object?[] args)
    {
        EventNames.EnsureEmittable(eventName);
        var timeout = _flags.Timeout ?? _namespace.Server.Options.AckTimeout;
        var options = Options with { Flags = _flags with { Timeout = timeout } };
        var collector = new AckCollector();
        var packet = EncodedPacket.ToPacket(PacketType.Event, _namespace.Name, null, eventName, args);
        using var cancellation = new CancellationTokenSource(timeout);
        _namespace.Adapter.BroadcastWithAck(packet, options, collector.Expect, collector.Add);
        try
        {
            collector.ExpectServers(await _namespace.Adapter.ServerCountAsync(cancellation.Token));
            return await collector.Task.WaitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"{collector.Received} of {collector.Expected} acknowledgements arrived within {timeout}");
        }
    }

    public ValueTask<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) =>
        _namespace.Adapter.FetchSocketsAsync(Options, cancellationToken);

    /// <summary>Makes the matching sockets join rooms.</summary>
    public void SocketsJoin(params string[] rooms) => _namespace.Adapter.AddSockets(Options, rooms);

    /// <summary>Makes the matching sockets leave rooms.</summary>
    public void SocketsLeave(params string[] rooms) => _namespace.Adapter.DelSockets(Options, rooms);

    /// <summary>Disconnects the matching sockets; <paramref name="close"/> also closes their connections.</summary>
    public void DisconnectSockets(bool close = false) => _namespace.Adapter.DisconnectSockets(Options, close);

    private static HashSet<string> Union(HashSet<string> existing, IEnumerable<string> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var union = new HashSet<string>(existing, StringComparer.Ordinal);
        union.UnionWith(more);
        return union;
    }
}
