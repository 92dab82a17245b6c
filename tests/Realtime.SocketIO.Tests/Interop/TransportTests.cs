using System.Text.Json;
using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Interop;

/// <summary>The official socket.io-client 4.8 over each transport: acks and binary both ways, upgrade.</summary>
public sealed class TransportTests
{
    [Theory]
    [InlineData("polling", "false", "polling")]
    [InlineData("websocket", "false", "websocket")]
    [InlineData("polling,websocket", "true", "websocket")]
    public async Task Client_exchanges_events_acks_and_binary_over_the_transport(string transports, string upgrade,
        string finalTransport)
    {
        await using var server = await SocketIOTestServer.StartAsync();

        var result = await SocketIOClientScript.RunAsync("sio-basic.js", server, transports,
            new Dictionary<string, string> { ["upgrade"] = upgrade });

        Assert.Equal(finalTransport, result.GetProperty("transport").GetString());
        Assert.NotEqual(result.GetProperty("engineId").GetString(), result.GetProperty("id").GetString());
        Assert.Equal(20, result.GetProperty("id").GetString()!.Length);
        Assert.Equal("""["hello",{"n":1,"s":"é✓"},[1,2,3],null]""", Compact(result.GetProperty("ack")));
        Assert.Equal("""[{"binary":[1,2,3,250]},"text",{"binary":[]}]""", Compact(result.GetProperty("binaryAck")));
        Assert.Equal("""[{"binary":[9,8,7]},{"k":"v"}]""", Compact(result.GetProperty("binaryEvent")));
        Assert.Equal(42, result.GetProperty("answer").GetInt32());
        if (upgrade == "true")
        {
            Assert.Equal("""["after upgrade"]""", Compact(result.GetProperty("afterUpgrade")));
        }
    }

    private static string Compact(JsonElement element) =>
        JsonSerializer.Serialize(element, new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
}
