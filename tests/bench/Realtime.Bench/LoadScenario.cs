namespace Realtime.Bench;

/// <summary>
/// One load shape: <see cref="Clients"/> subscribers spread over <see cref="Rooms"/> rooms and over the servers,
/// <see cref="Publishers"/> extra clients each publishing <see cref="RatePerPublisher"/> messages a second to the
/// rooms in turn, for <see cref="Duration"/>.
/// </summary>
public sealed record LoadScenario
{
    public required string Name { get; init; }

    public required int Clients { get; init; }

    public int Rooms { get; init; } = 1;

    public required int Publishers { get; init; }

    public required int RatePerPublisher { get; init; }

    /// <summary>Bytes of padding in each message, on top of the timestamp and envelope.</summary>
    public int PayloadBytes { get; init; } = 100;

    public required TimeSpan Duration { get; init; }

    /// <summary>How long to wait after publishing stops for messages still in flight before counting loss.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Clients connecting at once; more would measure the listen backlog rather than the server.</summary>
    public int ConnectConcurrency { get; init; } = 50;

    /// <summary>Seeds the placement of clients on servers, so every implementation sees the same layout.</summary>
    public int Seed { get; init; } = 7;

    public void Validate()
    {
        if (Clients < 1 || Rooms < 1 || Rooms > Clients || Publishers < 1 || RatePerPublisher < 1 || PayloadBytes < 0
            || Duration <= TimeSpan.Zero || ConnectConcurrency < 1)
        {
            throw new ArgumentException($"scenario '{Name}' is inconsistent: {this}");
        }
    }
}
