namespace Realtime.SocketIO.Adapters;

/// <summary>Modifiers of a broadcast, as in the Node adapter's <c>BroadcastFlags</c>.</summary>
public sealed record BroadcastFlags
{
    public static readonly BroadcastFlags None = new();

    /// <summary>
    /// The packet may be dropped for recipients that cannot take it right now. Local delivery never blocks anyway (a
    /// recipient whose bounded queue is full is dropped), so the base adapter delivers it like any other.
    /// </summary>
    public bool Volatile { get; init; }

    /// <summary>Deliver on this server only; a cluster adapter does not forward it.</summary>
    public bool Local { get; init; }

    /// <summary>Carried for cluster adapters and peers; local delivery does not compress per message.</summary>
    public bool Compress { get; init; }

    /// <summary>How long a broadcast with acks waits for the recipients' acknowledgements.</summary>
    public TimeSpan? Timeout { get; init; }
}
