namespace Realtime.SocketIO.Adapters;

/// <summary>Which sockets a broadcast or a socket-management operation applies to.</summary>
public sealed record BroadcastOptions
{
    private static readonly HashSet<string> Empty = [];

    public static readonly BroadcastOptions All = new();

    /// <summary>The sockets in any of these rooms; empty means every socket of the namespace.</summary>
    public IReadOnlySet<string> Rooms { get; init; } = Empty;

    /// <summary>Sockets in any of these rooms are left out.</summary>
    public IReadOnlySet<string> Except { get; init; } = Empty;

    public BroadcastFlags Flags { get; init; } = BroadcastFlags.None;
}
