namespace Realtime.SocketIO.Protocol;

/// <summary>Event names that neither side may emit, because Socket.IO uses them itself.</summary>
public static class ReservedEventNames
{
    private static readonly HashSet<string> Names =
        ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    public static bool Contains(string name) => Names.Contains(name);
}
