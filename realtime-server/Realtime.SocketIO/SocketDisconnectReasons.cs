namespace Realtime.SocketIO;

/// <summary>Why a socket left its namespace, named as the Node server names them (plus the Engine.IO reasons).</summary>
public static class SocketDisconnectReasons
{
    /// <summary>The server disconnected the socket (<see cref="Socket.Disconnect"/>).</summary>
    public const string ServerNamespaceDisconnect = "server namespace disconnect";

    /// <summary>The client sent DISCONNECT for the namespace.</summary>
    public const string ClientNamespaceDisconnect = "client namespace disconnect";

    /// <summary>The client broke the Socket.IO protocol; its connection was closed.</summary>
    public const string ParseError = "parse error";
}
