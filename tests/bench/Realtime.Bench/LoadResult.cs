namespace Realtime.Bench;

/// <summary>What a load run measured on the client side.</summary>
public sealed record LoadResult
{
    public required string Scenario { get; init; }

    public required double ConnectSeconds { get; init; }

    public required long Sent { get; init; }

    /// <summary>Deliveries the room memberships called for: each sent message times its room's subscribers.</summary>
    public required long Expected { get; init; }

    /// <summary>Deliveries that arrived while publishing ran.</summary>
    public required long ReceivedInWindow { get; init; }

    /// <summary>Deliveries that arrived by the end of the settle time.</summary>
    public required long Received { get; init; }

    public required double DeliveredPerSecond { get; init; }

    public required double P50Milliseconds { get; init; }

    public required double P99Milliseconds { get; init; }

    public required double MaxMilliseconds { get; init; }

    /// <summary>Clients whose connection was closed during the run (slow consumers dropped, errors).</summary>
    public required int ClientsLost { get; init; }

    public double LossPercent => Expected == 0 ? 0 : 100.0 * Math.Max(0, Expected - Received) / Expected;
}
