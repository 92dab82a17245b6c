using Realtime.EngineIO;

namespace Realtime.EngineIO.Tests.Support;

/// <summary>Both ways a WebSocket upgrade can be accepted: the tests that matter run on each.</summary>
public sealed class WebSocketPaths : TheoryData<EngineWebSocketPath>
{
    public WebSocketPaths()
    {
        Add(EngineWebSocketPath.Lean);
        Add(EngineWebSocketPath.AspNetCore);
    }
}
