using System.Text.Json;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.AdapterSeam;

/// <summary>
/// An adapter needs nothing internal to Realtime.SocketIO: <see cref="BusAdapter"/>, built here on the public API,
/// carries broadcasts, broadcast acks and server-side emits between two servers.
/// </summary>
public sealed class PublicAdapterSeamTests
{
    [Fact]
    public async Task A_room_broadcast_reaches_members_on_the_other_server_through_the_adapter()
    {
        var bus = new InProcessBus();
        await using var first = await BusBackedServer.StartAsync(bus);
        await using var second = await BusBackedServer.StartAsync(bus);
        await using var clients = await NodeClients.ConnectAsync([("a", second.Url, ["lobby"]), ("b", second.Url, [])]);

        first.Main.To("lobby").Emit("news", "hi", 7);
        await clients.WaitForAsync("a", "news");
        first.Main.Emit("everyone");
        await Task.WhenAll(clients.WaitForAsync("a", "everyone"), clients.WaitForAsync("b", "everyone"));

        Assert.Equal("""["hi",7]""", clients.Received("a", "news").Single().GetRawText());
        Assert.Empty(clients.Received("b", "news"));
    }

    [Fact]
    public async Task A_broadcast_with_acks_collects_the_answers_of_clients_on_both_servers()
    {
        var bus = new InProcessBus();
        await using var first = await BusBackedServer.StartAsync(bus);
        await using var second = await BusBackedServer.StartAsync(bus);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", first.Url, ["team"]), ("b", second.Url, ["team"]), ("c", second.Url, ["team"]),
        ]);

        var answers = await first.Main.To("team").Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("question", 42);

        Assert.Equal(["a", "b", "c"], answers.Select(answer => answer[0].GetProperty("client").GetString()).Order());
    }

    [Fact]
    public async Task A_server_side_emit_reaches_the_other_servers_listener_and_its_ack_comes_back()
    {
        var bus = new InProcessBus();
        await using var first = await BusBackedServer.StartAsync(bus);
        await using var second = await BusBackedServer.StartAsync(bus);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Main.OnServerSideEmit("hello", args => heard.TrySetResult(args[0].GetString()!));
        second.Main.OnServerSideEmit("question", (args, ack) => ack?.Invoke(new { got = args[0].GetString() }));
        var answer = new TaskCompletionSource<SocketIOArguments>(TaskCreationOptions.RunContinuationsAsynchronously);

        first.Main.ServerSideEmit("hello", "from first");
        first.Adapter.ServerSideEmitWithAck(EventPacket("""["question","why"]"""), args => answer.TrySetResult(args));

        Assert.Equal("from first", await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var reply = await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("""{"got":"why"}""", reply[0].GetRawText());
    }

    [Fact]
    public async Task A_failing_server_side_listener_is_logged_with_its_namespace_and_event()
    {
        var bus = new InProcessBus();
        var logs = new CapturedLogs();
        await using var first = await BusBackedServer.StartAsync(bus);
        await using var second = await BusBackedServer.StartAsync(bus, logs);
        second.Main.OnServerSideEmit("boom", _ => throw new InvalidOperationException("listener broke"));

        first.Main.ServerSideEmit("boom");

        await Eventually.TrueAsync(() => logs.Contains("Namespace /: the server-side handler of 'boom' failed"),
            TimeSpan.FromSeconds(10), "the failure is logged with the namespace");
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Socket /:", StringComparison.Ordinal));
    }

    [Fact]
    public void Arguments_from_another_server_must_be_a_json_array()
    {
        using var notAnArray = JsonDocument.Parse("""{"a":1}""");

        var error = Assert.Throws<ArgumentException>(() => new SocketIOArguments(notAnArray.RootElement, []));

        Assert.Contains("JSON array", error.Message, StringComparison.Ordinal);
    }

    private static SocketIOPacket EventPacket(string data) =>
        new() { Type = PacketType.Event, Namespace = "/", Data = JsonDocument.Parse(data).RootElement };
}
