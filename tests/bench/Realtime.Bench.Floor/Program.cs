using System.Buffers;
using System.Net.WebSockets;

// What any ASP.NET Core server holds for an idle WebSocket client, before a line of Engine.IO or Socket.IO: Kestrel's
// connection, the upgraded HTTP/1.1 request and a ManagedWebSocket waiting in a zero-byte read. It answers just enough
// of the protocol (the open packet, the CONNECT reply) for the bench's clients to connect, so the idle-memory table
// can show how much of realtime-server's cost per connection is the platform's.
var port = Environment.GetEnvironmentVariable("PORT") ?? throw new InvalidOperationException("PORT is not set");
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
app.Map("/socket.io/", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
    var stopping = context.RequestAborted;
    await webSocket.SendAsync("0{\"sid\":\"floor\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"u8.ToArray(),
        WebSocketMessageType.Text, true, stopping);
    try
    {
        while (true)
        {
            await webSocket.ReceiveAsync(Memory<byte>.Empty, stopping);
            var buffer = ArrayPool<byte>.Shared.Rent(256);
            try
            {
                var frame = await webSocket.ReceiveAsync(buffer.AsMemory(), stopping);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (frame.EndOfMessage && buffer.AsSpan(0, frame.Count).SequenceEqual("40"u8))
                {
                    await webSocket.SendAsync("40{\"sid\":\"floor\"}"u8.ToArray(), WebSocketMessageType.Text, true, stopping);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
    catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
    {
        // The client went away.
    }
});
app.Run();
