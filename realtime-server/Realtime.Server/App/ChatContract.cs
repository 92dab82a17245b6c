using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.SocketIO;

namespace Realtime.Server.App;

/// <summary>
/// The bundled app, the classic Flask-SocketIO example's contract:
/// <list type="bullet">
/// <item><c>join</c>(room, ack) and <c>leave</c>(room, ack) ack <c>{"ok":true,"room":room}</c>;</item>
/// <item><c>publish</c>({room?, event, data}, ack) emits <c>event</c> with <c>data</c> to the room (or to everyone),
/// sender included, then acks <c>{"ok":true}</c>;</item>
/// <item><c>message</c>(data) emits <c>response</c> with <c>data</c> to everyone.</item>
/// </list>
/// A refused request acks <c>{"ok":false,"error":"..."}</c> and changes nothing.
/// </summary>
public static class ChatContract
{
    public static void Attach(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        nsp.OnConnection(socket =>
        {
            socket.On("join", (args, ack) => OnRoomChange(socket, args, ack, join: true));
            socket.On("leave", (args, ack) => OnRoomChange(socket, args, ack, join: false));
            socket.On("publish", (args, ack) => OnPublish(nsp, args, ack));
            socket.On("message", (args, _) => nsp.Emit("response", args.Count > 0 ? args.ToEmitArgument(0) : null));
        });
    }

    private static void OnRoomChange(Socket socket, SocketIOArguments args, Ack? ack, bool join)
    {
        var room = args.Count > 0 && args[0].ValueKind == JsonValueKind.String ? args[0].GetString() : null;
        if (ContractRules.CheckRoom(room) is { } problem)
        {
            ack?.Invoke(Refused(problem));
            return;
        }

        if (join)
        {
            socket.Join(room!);
        }
        else
        {
            socket.Leave(room!);
        }

        ack?.Invoke(new JsonObject { ["ok"] = true, ["room"] = room });
    }

    private static void OnPublish(Namespace nsp, SocketIOArguments args, Ack? ack)
    {
        if (args.Count == 0 || args[0].ValueKind != JsonValueKind.Object)
        {
            ack?.Invoke(Refused("publish takes one object {room?, event, data}"));
            return;
        }

        var message = args[0];
        var eventName = message.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if (ContractRules.CheckEvent(eventName) is { } eventProblem)
        {
            ack?.Invoke(Refused(eventProblem));
            return;
        }

        string? room = null;
        if (message.TryGetProperty("room", out var roomElement) && roomElement.ValueKind != JsonValueKind.Null)
        {
            room = roomElement.ValueKind == JsonValueKind.String ? roomElement.GetString() : null;
            if (ContractRules.CheckRoom(room) is { } roomProblem)
            {
                ack?.Invoke(Refused(roomProblem));
                return;
            }
        }

        var data = message.TryGetProperty("data", out var dataElement) ? args.ToEmitValue(dataElement) : null;
        if (room is null)
        {
            nsp.Emit(eventName!, data);
        }
        else
        {
            nsp.To(room).Emit(eventName!, data);
        }

        ack?.Invoke(new JsonObject { ["ok"] = true });
    }

    private static JsonObject Refused(string problem) => new() { ["ok"] = false, ["error"] = problem };
}
