namespace Realtime.Server.App;

/// <summary>What the app contract and the publish API accept as room and event names.</summary>
public static class ContractRules
{
    public const int MaxRoomLength = 128;
    public const int MaxEventLength = 128;
    public const int MaxRoomsPerRequest = 100;

    /// <summary>Event names the Socket.IO protocol keeps for itself; a client never receives them as events.</summary>
    public static readonly IReadOnlySet<string> ReservedEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    };

    /// <summary>Returns null when the room name is acceptable, else the reason it is not.</summary>
    public static string? CheckRoom(string? room) =>
        string.IsNullOrEmpty(room) || room.Length > MaxRoomLength || room.Any(char.IsControl)
            ? $"room must be a non-empty string of at most {MaxRoomLength} characters without control characters"
            : null;

    /// <summary>Returns null when the event name is acceptable, else the reason it is not.</summary>
    public static string? CheckEvent(string? eventName)
    {
        if (string.IsNullOrEmpty(eventName) || eventName.Length > MaxEventLength || eventName.Any(char.IsControl))
        {
            return $"event must be a non-empty string of at most {MaxEventLength} characters without control characters";
        }

        return ReservedEvents.Contains(eventName) ? $"event '{eventName}' is reserved by the Socket.IO protocol" : null;
    }
}
