using System.Net;
using System.Net.Http.Headers;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Polling;

public class PollingRulesTests
{
    [Fact]
    public async Task A_second_concurrent_get_is_refused_and_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);
        var first = client.GetAsync();
        await Eventually.TrueAsync(() => connection.HasPendingPoll, TimeSpan.FromSeconds(5), "first poll is pending");

        using var second = await client.GetRawAsync();

        await ErrorAssert.IsAsync(second, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal("1", await first.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(client.Sid));
    }

    [Fact]
    public async Task A_second_concurrent_post_is_refused_and_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);
        var slowBody = new HangingContent();
        using var hangingRequest = new HttpRequestMessage(HttpMethod.Post, client.Path) { Content = slowBody };
        var first = server.Http.SendAsync(hangingRequest);
        await slowBody.Started.WaitAsync(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => server.Engine.TryGetConnection(client.Sid, out var c) && c.IsPostActive,
            TimeSpan.FromSeconds(5), "first post is being read");

        using var second = await client.PostRawAsync("4second");

        await ErrorAssert.IsAsync(second, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(client.Sid));
        slowBody.Finish();
        using var firstResponse = await first.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Oversize_post_by_content_length_is_413_and_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var client = await PollingClient.ConnectAsync(server.Http);

        using var response = await client.PostRawAsync("4" + new string('x', 1000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(client.Sid));
        Assert.Equal(0, server.Handler.MessagesReceived);
    }

    [Fact]
    public async Task Oversize_chunked_post_is_413_and_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var client = await PollingClient.ConnectAsync(server.Http);
        using var content = new StreamContent(new MemoryStream(new byte[5000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, client.Path) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(client.Sid));
    }

    [Fact]
    public async Task A_post_of_exactly_max_payload_is_accepted()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var client = await PollingClient.ConnectAsync(server.Http);

        await client.PostAsync("4" + new string('x', 999));

        Assert.Equal("4" + new string('x', 999), await client.GetAsync());
    }

    [Fact]
    public async Task Binary_content_type_post_is_400_and_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await server.Http.PostAsync(client.Path, content);

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(client.Sid));
    }

    [Theory]
    [InlineData("")]
    [InlineData("9nine")]
    [InlineData("4ok\u001e")]
    [InlineData("b%%%")]
    public async Task Undecodable_payload_is_400_and_closes_with_parse_error(string payload)
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        using var response = await client.PostRawAsync(payload);

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal(EngineCloseReasons.ParseError, await server.Handler.ClosedAsync(client.Sid));
    }

    [Fact]
    public async Task A_client_ping_is_a_protocol_error()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        using var response = await client.PostRawAsync("2");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(client.Sid));
    }

    /// <summary>A request body that starts and then waits, keeping its POST in progress.</summary>
    private sealed class HangingContent : HttpContent
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Finish() => _finish.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("4fir"u8.ToArray());
            await stream.FlushAsync();
            _started.TrySetResult();
            await _finish.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
