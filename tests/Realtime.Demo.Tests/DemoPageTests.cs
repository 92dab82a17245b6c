using Realtime.Testing;

namespace Realtime.Demo.Tests;

[Collection(LocalClusterCollection.Name)]
public sealed class DemoPageTests(LocalClusterFixture fixture)
{
    [Fact]
    public async Task The_page_ships_the_pinned_socket_io_client()
    {
        var shipped = RepositoryPaths.Combine("realtime-server", "Realtime.Server", "wwwroot", "socket.io.min.js");
        var pinned = Path.Combine(RepositoryPaths.NodeWorkspace, "node_modules", "socket.io-client", "dist", "socket.io.min.js");

        Assert.True(await File.ReadAllTextAsync(shipped) == await File.ReadAllTextAsync(pinned),
            $"{shipped} is not the client pinned in tests/node/package.json; copy {pinned} over it");
    }

    [Fact]
    public async Task Two_browsers_pinned_to_different_pods_chat_in_one_room_and_see_the_route_of_every_message()
    {
        var chromium = ExecutableLocator.Require("chromium");
        var screenshots = RepositoryPaths.Combine("artifacts", "demo");
        Directory.CreateDirectory(screenshots);

        var result = await NodeScript.RunAsync("demo-chat.js", new Dictionary<string, string>
        {
            ["url"] = fixture.Cluster.Plan.Url.ToString(),
            ["screenshots"] = screenshots,
            ["chromium"] = chromium,
        }, TimeSpan.FromSeconds(90));

        var alicePod = result.GetProperty("alicePod").GetString();
        var bobPod = result.GetProperty("bobPod").GetString();
        Assert.NotEqual(alicePod, bobPod);
        Assert.StartsWith("local-", alicePod, StringComparison.Ordinal);
        Assert.Equal(["websocket", "websocket"], result.GetProperty("transports").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal((alicePod, bobPod), Route(result, "bobSaw"));
        Assert.Equal((bobPod, alicePod), Route(result, "aliceSaw"));
        Assert.Equal((alicePod, alicePod), Route(result, "aliceOwn"));
        Assert.Equal(["0", "0"], result.GetProperty("reconnects").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(result.GetProperty("pageErrors").EnumerateArray());
        Assert.All(result.GetProperty("screenshots").EnumerateArray(), file => Assert.True(new FileInfo(file.GetString()!).Length > 0));
    }

    private static (string?, string?) Route(System.Text.Json.JsonElement result, string name)
    {
        var seen = result.GetProperty(name);
        return (seen.GetProperty("fromPod").GetString(), seen.GetProperty("deliveredBy").GetString());
    }
}
