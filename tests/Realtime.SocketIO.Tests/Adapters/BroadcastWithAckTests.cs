using System.Globalization;
using System.Text.RegularExpressions;
using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Adapters;

/// <summary>Server-to-clients broadcasts with acknowledgements through the adapter.</summary>
public sealed partial class BroadcastWithAckTests
{
    [Fact]
    public async Task Every_recipients_ack_is_collected()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var (first, firstId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        var (second, secondId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = first;
        await using var __ = second;

        var responses = server.Server.MainNamespace.To([firstId, secondId]).Timeout(TimeSpan.FromSeconds(5))
            .EmitWithAckAsync("question", 20);
        await AnswerAsync(first, 21);
        await AnswerAsync(second, 22);

        Assert.Equal([21, 22], (await responses).Select(r => r[0].GetInt32()).Order());
    }

    [Fact]
    public async Task A_recipient_that_does_not_answer_makes_the_broadcast_time_out()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var (answering, answeringId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        var (silent, silentId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = answering;
        await using var __ = silent;

        var responses = server.Server.MainNamespace.To([answeringId, silentId])
            .Timeout(TimeSpan.FromMilliseconds(500)).EmitWithAckAsync("question", 1);
        await AnswerAsync(answering, 2);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => responses);
        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broadcast_to_nobody_completes_at_once_with_no_acks()
    {
        await using var server = await SocketIOTestServer.StartAsync();

        var responses = await server.Server.MainNamespace.To("empty room").EmitWithAckAsync("question");

        Assert.Empty(responses);
    }

    /// <summary>Reads the <c>42&lt;id&gt;["question",n]</c> frame and acks it with <paramref name="answer"/>.</summary>
    private static async Task AnswerAsync(RawWebSocketClient client, int answer)
    {
        var frame = await client.ReceiveTextAsync() ?? throw new InvalidOperationException("closed");
        var match = QuestionFrame().Match(frame);
        Assert.True(match.Success, frame);
        await client.SendTextAsync($"43{match.Groups[1].Value}[{answer.ToString(CultureInfo.InvariantCulture)}]");
    }

    [GeneratedRegex("""^42(\d+)\["question""")]
    private static partial Regex QuestionFrame();
}
