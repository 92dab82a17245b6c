using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.SocketIO.Redis.Subscriber;
using Realtime.Testing;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Tests.Subscriber;

/// <summary>The subscriber connection against a scripted stand-in for Redis, for what a real one will not do on purpose.</summary>
public sealed class OrderedSubscriberTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<SubscriberMessage> _messages = Channel.CreateUnbounded<SubscriberMessage>();
    private int _oversize;

    public OrderedSubscriberTests() => _listener.Start();

    private OrderedSubscriber Subscribe(string options = "")
    {
        var configuration = ConfigurationOptions.Parse($"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{options}");
        return Subscribe(configuration, SubscriberTarget.Fixed([.. configuration.EndPoints]));
    }

    private OrderedSubscriber Subscribe(ConfigurationOptions configuration, SubscriberTarget target) => new("test",
        configuration, target, TimeSpan.FromMilliseconds(200), 1024, NullLogger.Instance, () => { }, (_, _) => { },
        () => Interlocked.Increment(ref _oversize), message => _messages.Writer.TryWrite(message));

    private Task<SubscriberMessage> NextMessageAsync() => _messages.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>Accepts the next connection and reads what it sends up to <paramref name="end"/> (by default the end of CLIENT SETNAME).</summary>
    private async Task<(TcpClient Client, NetworkStream Stream, string Handshake)> AcceptAsync(
        string end = "realtime-server-subscriber\r\n")
    {
        using var timeout = new CancellationTokenSource(Patience);
        var client = await _listener.AcceptTcpClientAsync(timeout.Token);
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains(end, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the subscriber closed the connection during its handshake");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return (client, stream, received.ToString());
    }

    [Fact]
    public async Task Garbage_from_the_server_drops_the_connection_and_the_next_one_delivers()
    {
        await using var subscriber = Subscribe();
        var (first, firstStream, handshake) = await AcceptAsync();
        using (first)
        {
            Assert.Contains("SETNAME", handshake, StringComparison.Ordinal);
            await firstStream.WriteAsync("+OK\r\n!not resp\r\n"u8.ToArray());

            var (second, secondStream, _) = await AcceptAsync();
            using (second)
            {
                await secondStream.WriteAsync("+OK\r\n*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$2\r\nhi\r\n"u8.ToArray());

                var message = await NextMessageAsync();
                Assert.Equal(("room", false, "room"), (message.Subscription, message.IsPattern, message.Channel));
                Assert.Equal("hi"u8.ToArray(), message.Payload);
                Assert.True(subscriber.IsConnected);
            }
        }
    }

    [Fact]
    public async Task An_oversize_message_is_skipped_across_reads_and_the_next_one_arrives_on_the_same_connection()
    {
        await using var subscriber = Subscribe();
        var (client, stream, _) = await AcceptAsync();
        using (client)
        {
            await stream.WriteAsync("+OK\r\n*3\r\n$7\r\nmessage\r\n$3\r\nbig\r\n$3000\r\n"u8.ToArray());
            await stream.WriteAsync(new byte[1500]);
            await stream.FlushAsync();
            await Eventually.TrueAsync(() => Volatile.Read(ref _oversize) == 1, Patience, "the big message is counted");
            await stream.WriteAsync(new byte[1500]);
            await stream.WriteAsync("\r\n*3\r\n$7\r\nmessage\r\n$5\r\nsmall\r\n$2\r\nok\r\n"u8.ToArray());

            var message = await NextMessageAsync();
            Assert.Equal("small", message.Channel);
            Assert.Equal("ok"u8.ToArray(), message.Payload);
            Assert.Equal(1, Volatile.Read(ref _oversize));
        }
    }

    [Fact]
    public async Task A_refused_password_keeps_it_disconnected_and_retrying()
    {
        await using var subscriber = Subscribe(",user=app,password=wrong");
        var (first, firstStream, handshake) = await AcceptAsync(end: "wrong\r\n");
        using (first)
        {
            Assert.Contains("$4\r\nAUTH\r\n$3\r\napp\r\n$5\r\nwrong\r\n", handshake, StringComparison.Ordinal);
            await firstStream.WriteAsync("-WRONGPASS invalid username-password pair\r\n"u8.ToArray());

            var (second, _, _) = await AcceptAsync(end: "wrong\r\n");
            second.Dispose();
            Assert.False(subscriber.IsConnected);
        }
    }

    [Fact]
    public async Task A_refused_client_name_is_only_a_missing_label()
    {
        await using var subscriber = Subscribe();
        var (client, stream, _) = await AcceptAsync();
        using (client)
        {
            await stream.WriteAsync("-NOPERM this user has no permissions to run the 'client|setname' command\r\n"u8.ToArray());
            await stream.WriteAsync("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nx\r\n"u8.ToArray());

            var message = await NextMessageAsync();
            Assert.Equal("a", message.Channel);
            Assert.True(subscriber.IsConnected);
        }
    }

    [Fact]
    public async Task Confirmations_are_tracked_and_a_reconnect_forgets_them()
    {
        await using var subscriber = Subscribe();
        var (first, firstStream, _) = await AcceptAsync();
        using (first)
        {
            await firstStream.WriteAsync("+OK\r\n"u8.ToArray());
            await Eventually.TrueAsync(() => subscriber.IsConnected, Patience, "connected");
            Assert.True(await subscriber.SubscribeAsync(["a", "b"], isPattern: false));
            await firstStream.WriteAsync("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n"u8.ToArray());
            await Eventually.TrueAsync(() => subscriber.ConfirmedCount == 2, Patience, "two confirmations");
            Assert.True(subscriber.IsConfirmed("a", isPattern: false));
            Assert.True(subscriber.IsConfirmed("*", isPattern: true));
            Assert.False(subscriber.IsConfirmed("b", isPattern: false));
        }

        var (second, _, _) = await AcceptAsync();
        using (second)
        {
            Assert.Equal(0, subscriber.ConfirmedCount);
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
