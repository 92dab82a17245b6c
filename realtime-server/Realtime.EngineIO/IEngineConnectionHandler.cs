using System.Text;

namespace Realtime.EngineIO;

/// <summary>
/// The layer above Engine.IO (Socket.IO). Calls for one connection are sequential and in order: <see cref="OnOpen"/>,
/// then messages, then <see cref="OnClose"/> exactly once. Implementations must not block.
/// </summary>
public interface IEngineConnectionHandler
{
    void OnOpen(EngineConnection connection);

    void OnMessage(EngineConnection connection, EngineInboundMessage message);

    /// <summary>
    /// A text message as its UTF-8 bytes were received, lent for the call only. The default decodes it into a string
    /// for <see cref="OnMessage"/>; a layer that parses UTF-8 itself saves that copy (twice the message's size).
    /// </summary>
    void OnTextMessage(EngineConnection connection, ReadOnlySpan<byte> utf8) =>
        OnMessage(connection, EngineInboundMessage.FromText(Encoding.UTF8.GetString(utf8)));

    void OnClose(EngineConnection connection, string reason);
}
