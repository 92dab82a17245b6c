using System.Text;
using System.Collections.Concurrent;
using Realtime.EngineIO;

namespace Realtime.SocketIO.Hosting;

/// <summary>Plugs Socket.IO onto Engine.IO: one <see cref="SocketIOClient"/> per Engine.IO connection.</summary>
internal sealed class SocketIOConnectionHandler(SocketIOServer server) : IEngineConnectionHandler
{
    private readonly ConcurrentDictionary<EngineConnection, SocketIOClient> _clients = new();

    public void OnOpen(EngineConnection connection) => _clients[connection] = new SocketIOClient(server, connection);

    public void OnMessage(EngineConnection connection, EngineInboundMessage message)
    {
        if (_clients.TryGetValue(connection, out var client))
        {
            if (message.IsBinary)
            {
                client.OnAttachment(message.Binary);
            }
            else
            {
                client.OnText(Encoding.UTF8.GetBytes(message.Text!));
            }
        }
    }

    public void OnTextMessage(EngineConnection connection, ReadOnlySpan<byte> utf8)
    {
        if (_clients.TryGetValue(connection, out var client))
        {
            client.OnText(utf8);
        }
    }

    public void OnClose(EngineConnection connection, string reason)
    {
        if (_clients.TryRemove(connection, out var client))
        {
            client.OnClose(reason);
        }
    }
}
