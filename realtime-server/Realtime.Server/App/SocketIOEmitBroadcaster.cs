using Realtime.Server.Api;
using Realtime.SocketIO;

namespace Realtime.Server.App;

/// <summary>Emits publish API commands through the Socket.IO server (and so through the backplane).</summary>
public sealed class SocketIOEmitBroadcaster(SocketIOServer server) : IEmitBroadcaster
{
    public string? Emit(EmitCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Only namespaces the app serves: an API call must not create namespaces for clients to connect to.
        var nsp = server.Namespaces.FirstOrDefault(n => n.Name == command.Namespace);
        if (nsp is null)
        {
            return $"unknown namespace '{command.Namespace}'";
        }

        object?[] args = command.Data is { } data ? [data] : [];
        if (command.Rooms.Count == 0)
        {
            nsp.Emit(command.Event, args);
        }
        else
        {
            nsp.To(command.Rooms).Emit(command.Event, args);
        }

        return null;
    }
}
