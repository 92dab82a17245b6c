using System.Collections.Concurrent;
using System.Text.Json;
using Realtime.SocketIO;

namespace Realtime.SocketIO.Tests.Support;

/// <summary>
/// The handlers the Node client scripts talk to. Main namespace: <c>echo</c> (acks with its arguments),
/// <c>echo-event</c> (emits them back), <c>join</c>, <c>to-room</c>, <c>to-room-except</c>, <c>to-socket</c>,
/// <c>marker</c> (broadcast to all, so a client knows earlier messages have arrived), <c>ask-client</c> (a
/// server-to-client ack), <c>kick</c> (closes the connection) and <c>leave-namespace</c>. <c>/admin</c> wants
/// <c>auth.token == "secret"</c> and greets with the auth it got.
/// </summary>
public sealed class TestApp
{
    public TestApp(SocketIOServer server)
    {
        server.MainNamespace.OnConnection(OnMainConnection);
        server.Of("/admin")
            .Use(socket =>
            {
                var token = socket.Handshake.Auth.TryGetProperty("token", out var value) ? value.GetString() : null;
                return token == "secret"
                    ? ValueTask.CompletedTask
                    : throw new ConnectionRejectedException("Not authorized", new { code = 401, token });
            })
            .OnConnection(socket => socket.Emit("welcome", socket.Handshake.Auth, socket.Id));
    }

    /// <summary>Why each main-namespace socket disconnected, by socket id.</summary>
    public ConcurrentDictionary<string, string> DisconnectReasons { get; } = new();

    public ConcurrentDictionary<string, Socket> Connected { get; } = new();

    private void OnMainConnection(Socket socket)
    {
        Connected[socket.Id] = socket;
        socket.OnDisconnect(reason => DisconnectReasons[socket.Id] = reason);
        socket.On("echo", (args, ack) => ack?.Invoke(args.ToEmitArguments()));
        socket.On("echo-event", (args, _) => socket.Emit("echo-event", args.ToEmitArguments()));
        socket.On("join", (args, ack) =>
        {
            socket.Join(args[0].GetString()!);
            ack?.Invoke((object)socket.Rooms.Order(StringComparer.Ordinal).ToArray());
        });
        socket.On("to-room", (args, _) => socket.To(args[0].GetString()!).Emit("room-message", args[1]));
        socket.On("to-room-except", (args, _) =>
            socket.Namespace.To(args[0].GetString()!).Except(args[1].GetString()!).Emit("room-message", args[2]));
        socket.On("to-socket", (args, _) => socket.Namespace.To(args[0].GetString()!).Emit("room-message", args[1]));
        socket.On("marker", (args, _) => socket.Namespace.Emit("marker", args[0]));
        socket.On("ask-client", async (args, _) =>
        {
            var answer = await socket.EmitWithAckAsync("question", args[0]);
            socket.Emit("answer", answer[0]);
        });
        socket.On("kick", (_, _) => socket.Disconnect(close: true));
        socket.On("leave-namespace", (_, _) => socket.Disconnect());
    }
}
