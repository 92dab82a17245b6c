using System.Buffers;
using System.Net.WebSockets;
using Realtime.Bench.Floor;

// What any ASP.NET Core server holds for an idle WebSocket client, before a line of Engine.IO or Socket.IO: Kestrel's
// connection, the upgraded HTTP/1.1 request and a ManagedWebSocket waiting in a zero-byte read. It answers just enough
// of the protocol (the open packet, the CONNECT reply) for the bench's clients to connect, so the idle-memory table
// can show how much of realtime-server's cost per connection is the platform's.
// With FLOOR_RELAY=1 it also relays the bench's join and publish (RelayRooms): the light-load latency floor; with
// REDIS_URL as well, between pods over Redis pub/sub (RedisRelay): the cluster's floor.
var port = Environment.GetEnvironmentVariable("PORT") ?? throw new InvalidOperationException("PORT is not set");
var redisUrl = Environment.GetEnvironmentVariable("REDIS_URL");
var relay = Environment.GetEnvironmentVariable("FLOOR_RELAY") == "1"
    ? new RelayRooms(redisUrl is null ? null : await RedisRelay.ConnectAsync(redisUrl))
    : null;
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
    var member = relay is null ? null : new RelayMember(webSocket);
    await webSocket.SendAsync("0{\"sid\":\"floor\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"u8.ToArray(),
        WebSocketMessageType.Text, true, stopping);
    try
    {
        while (true)
        {
            await webSocket.ReceiveAsync(Memory<byte>.Empty, stopping);
            var buffer = ArrayPool<byte>.Shared.Rent(relay is null ? 256 : 4096);
            try
            {
                var frame = await webSocket.ReceiveAsync(buffer.AsMemory(), stopping);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var text = buffer.AsMemory(0, frame.Count);
                if (frame.EndOfMessage && text.Span.SequenceEqual("40"u8))
                {
                    var reply = "40{\"sid\":\"floor\"}"u8.ToArray();
                    if (member is null)
                    {
                        await webSocket.SendAsync(reply, WebSocketMessageType.Text, true, stopping);
                    }
                    else
                    {
                        await member.SendAsync(reply, stopping);
                    }
                }
                else if (frame.EndOfMessage && member is not null)
                {
                    await relay!.HandleAsync(member, text, stopping);
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
    finally
    {
        if (member is not null)
        {
            relay!.Leave(member);
        }
    }
});
app.Run();
