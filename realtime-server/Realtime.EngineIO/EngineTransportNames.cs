namespace Realtime.EngineIO;

/// <summary>The transport names of the <c>transport</c> query parameter.</summary>
public static class EngineTransportNames
{
    public const string Polling = "polling";
    public const string WebSocket = "websocket";
}
