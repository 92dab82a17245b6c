using System.Text.Json;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>The app contract driven by the official socket.io-client (polling first, then the upgrade).</summary>
public class ChatContractTests
{
    private static async Task<JsonElement> RunContractScriptAsync(InProcessServer server, string? token) =>
        await NodeScript.RunAsync("host-contract.js", new Dictionary<string, string>
        {
            ["url"] = server.Url.ToString().TrimEnd('/'),
            ["token"] = token ?? string.Empty,
        }, TimeSpan.FromSeconds(30));

    private static string[] Events(JsonElement seen, string client) =>
        seen.GetProperty(client).EnumerateArray().Select(pair => $"{pair[0].GetString()} {pair[1].GetRawText()}").ToArray();

    [Fact]
    public async Task Join_leave_publish_and_message_behave_like_the_flask_socketio_example()
    {
        await using var server = await InProcessServer.StartAsync();

        var result = await RunContractScriptAsync(server, token: null);
        var acks = result.GetProperty("acks");
        var seen = result.GetProperty("seen");

        Assert.Equal("""{"ok":true,"room":"r1"}""", acks.GetProperty("joinA").GetRawText());
        Assert.Equal("""{"ok":true,"room":"r1"}""", acks.GetProperty("leaveB").GetRawText());
        Assert.Equal("""{"ok":true}""", acks.GetProperty("publishRoom").GetRawText());
        Assert.Equal("""{"ok":true}""", acks.GetProperty("publishAll").GetRawText());
        Assert.Equal("""{"ok":true}""", acks.GetProperty("publishNestedBinary").GetRawText());
        Assert.Equal(
            [
                "chat {\"n\":1}", "chat {\"n\":2}", "bin {\"binary\":\"010203\"}",
                "nested {\"buf\":{\"binary\":\"0405\"},\"list\":[1,{\"deep\":{\"binary\":\"06\"}}]}",
                "response \"hello\"", "end null",
            ],
            Events(seen, "a"));
        Assert.Equal(["chat {\"n\":1}", "response \"hello\"", "end null"], Events(seen, "b"));
        Assert.Equal(["response \"hello\"", "end null"], Events(seen, "c"));
        Assert.Equal("websocket", result.GetProperty("transport").GetString());
        Assert.Equal(InProcessServer.PodName, result.GetProperty("pod").GetString());
    }

    [Fact]
    public async Task Bad_requests_are_refused_in_the_ack_and_change_nothing()
    {
        await using var server = await InProcessServer.StartAsync();

        var acks = (await RunContractScriptAsync(server, token: null)).GetProperty("acks");

        foreach (var name in new[] { "joinEmpty", "publishReserved", "publishNoObject" })
        {
            Assert.False(acks.GetProperty(name).GetProperty("ok").GetBoolean(), name);
            Assert.False(string.IsNullOrEmpty(acks.GetProperty(name).GetProperty("error").GetString()), name);
        }
    }

    [Fact]
    public async Task The_publish_api_reaches_a_room_and_everyone()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["API_TOKEN"] = InProcessServer.Token });

        var result = await RunContractScriptAsync(server, InProcessServer.Token);
        var seen = result.GetProperty("seen");

        Assert.All(result.GetProperty("api").EnumerateArray(), response => Assert.Equal(202, response.GetProperty("status").GetInt32()));
        Assert.Contains("api {\"from\":\"backend\"}", Events(seen, "a"));
        Assert.DoesNotContain(Events(seen, "b"), e => e.StartsWith("api {", StringComparison.Ordinal));
        Assert.DoesNotContain(Events(seen, "c"), e => e.StartsWith("api {", StringComparison.Ordinal));
        Assert.All(["a", "b", "c"], client => Assert.Contains("api-all 7", Events(seen, client)));
    }
}
