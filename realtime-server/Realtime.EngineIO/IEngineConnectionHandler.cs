namespace Realtime.EngineIO;

/// <summary>
/// The layer above Engine.IO (Socket.IO). Calls for one connection are sequential and in order: <see cref="OnOpen"/>,
/// then messages, then <see cref="OnClose"/> exactly once. Implementations must not block.
/// </summary>
public interface IEngineConnectionHandler
{
    void OnOpen(EngineConnection connection);

    void OnMessage(EngineConnection connection, EngineInboundMessage message);

    void OnClose(EngineConnection connection, string reason);
}
