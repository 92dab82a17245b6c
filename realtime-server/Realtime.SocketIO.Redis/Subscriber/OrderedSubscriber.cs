using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Diagnostics;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>
/// One subscriber connection to one Redis, read by a single loop, so messages reach <c>onMessage</c> in exactly the
/// order Redis sent them, whichever channel they came on. StackExchange.Redis gives every channel its own queue and
/// reader, which loses that order and wakes a thread per channel. The connection is kept up with capped backoff and a
/// PING heartbeat; which channels Redis has confirmed is tracked here, and deciding what to (re-)subscribe is the
/// caller's job: <c>connected</c> says every confirmation is gone (a new connection), <c>unsubscribed</c> that one is.
/// </summary>
internal sealed class OrderedSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(15);
    private static readonly byte[] Ping = RespConnection.Command("PING");

    private readonly ConfigurationOptions _configuration;
    private readonly Func<IReadOnlyList<EndPoint>> _endpoints;
    private readonly Func<string> _noEndpointReason;
    private readonly bool _requireMaster;
    private readonly TimeSpan _maxBackoff;
    private readonly long _maxMessageBytes;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Action _connected;
    private readonly Action<string, bool> _unsubscribed;
    private readonly Action _oversize;
    private readonly Action<SubscriberMessage> _onMessage;
    private readonly ConcurrentDictionary<(string Channel, bool IsPattern), byte> _confirmed = new();
    private TaskCompletionSource _nextConfirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Cuts a reconnect backoff short: the target changed, so the next attempt may well succeed.</summary>
    private readonly SemaphoreSlim _retryNow = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private volatile Stream? _stream;
    private volatile string? _lastFailure;
    private volatile bool _skipBackoff;
    private int _targetGeneration;
    private long _lastReadTicks;

    /// <param name="target">
    /// Where to connect, asked again before every attempt: the configured endpoints, or behind Sentinel the current
    /// master (then <c>ROLE</c> must say master), and why there is none when the list is empty.
    /// </param>
    public OrderedSubscriber(string name, ConfigurationOptions configuration, SubscriberTarget target, TimeSpan maxBackoff,
        long maxMessageBytes, ILogger logger, Action connected, Action<string, bool> unsubscribed, Action oversize,
        Action<SubscriberMessage> onMessage)
    {
        _name = name;
        _configuration = configuration;
        _endpoints = target.Endpoints;
        _noEndpointReason = target.NoEndpointReason;
        _requireMaster = target.RequireMaster;
        _maxBackoff = maxBackoff;
        _maxMessageBytes = maxMessageBytes;
        _logger = logger;
        _connected = connected;
        _unsubscribed = unsubscribed;
        _oversize = oversize;
        _onMessage = onMessage;
        _loop = Task.Run(RunAsync);
    }

    public bool IsConnected => _stream is not null;

    /// <summary>Subscriptions Redis has confirmed on the current connection.</summary>
    public int ConfirmedCount => _confirmed.Count;

    public bool IsConfirmed(string channel, bool isPattern) => _confirmed.ContainsKey((channel, isPattern));

    /// <summary>Completes at the next confirmed SUBSCRIBE or PSUBSCRIBE; take it before checking <see cref="IsConfirmed"/>.</summary>
    public Task NextConfirmation => Volatile.Read(ref _nextConfirmation).Task;

    public IEnumerable<(string Channel, bool IsPattern)> Confirmed => _confirmed.Keys;

    /// <summary>
    /// Why the last connection attempt or command failed (e.g. <c>NOPERM</c> for a SUBSCRIBE, <c>WRONGPASS</c> for AUTH),
    /// as Redis or the socket said it; null since the last successful connection until something fails again.
    /// Redis never echoes a password in these replies.
    /// </summary>
    public string? LastFailure => _lastFailure;

    public override string ToString() => _name;

    /// <summary>
    /// Drops the current connection (if any) so the loop connects again at once, to wherever the target now says: how
    /// a subscriber leaves a master Sentinel has just demoted.
    /// </summary>
    public void Reconnect()
    {
        Interlocked.Increment(ref _targetGeneration);
        _skipBackoff = true;
        _stream?.Dispose();
        if (_retryNow.CurrentCount == 0)
        {
            _retryNow.Release();
        }
    }

    /// <summary>Sends SUBSCRIBE / PSUBSCRIBE; false when not connected (the caller retries after <c>connected</c>).</summary>
    public Task<bool> SubscribeAsync(IReadOnlyCollection<string> channels, bool isPattern) =>
        WriteAsync(RespConnection.Command([isPattern ? "PSUBSCRIBE" : "SUBSCRIBE", .. channels]));

    /// <summary>Sends UNSUBSCRIBE / PUNSUBSCRIBE; false when not connected (nothing is subscribed then).</summary>
    public Task<bool> UnsubscribeAsync(IReadOnlyCollection<string> channels, bool isPattern) =>
        WriteAsync(RespConnection.Command([isPattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", .. channels]));

    private async Task<bool> WriteAsync(byte[] bytes)
    {
        var stream = _stream;
        if (stream is null)
        {
            return false;
        }

        await _writeLock.WaitAsync();
        try
        {
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The read loop sees the same failure and reconnects.
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task RunAsync()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested)
        {
            Stream? stream = null;
            PipeReader? reader = null;
            try
            {
                var generation = Volatile.Read(ref _targetGeneration);
                (stream, reader) = await ConnectAsync(_stopping.Token);
                if (generation != Volatile.Read(ref _targetGeneration))
                {
                    // The master changed while this connection was being set up; it may be the one just demoted.
                    continue;
                }

                delay = TimeSpan.FromMilliseconds(100);
                while (_retryNow.Wait(0))
                {
                    // A request to retry now is answered by this connection.
                }

                _lastFailure = null;
                RedisLog.SubscriberConnected(_logger, _name);
                Interlocked.Exchange(ref _lastReadTicks, Environment.TickCount64);
                _stream = stream;
                using var heartbeat = new Timer(_ => OnHeartbeat(stream), null, HeartbeatInterval, HeartbeatInterval);
                _connected();
                await ReadAsync(reader, _stopping.Token);
                _lastFailure = "the server closed the connection";
                RedisLog.SubscriberClosedByServer(_logger, _name);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (RespConnection.IsConnectionFailure(e))
            {
                _lastFailure = e.Message;
                RedisLog.SubscriberDisconnected(_logger, _name, e.Message, delay);
            }
            catch (Exception e)
            {
                // Whatever it was, the loop must go on, or the pod would stay deaf until restarted.
                _lastFailure = e.Message;
                RedisLog.SubscriberFailed(_logger, _name, delay, e);
            }
            finally
            {
                _stream = null;
                _confirmed.Clear();
                if (reader is not null)
                {
                    await reader.CompleteAsync();
                }

                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }
            }

            if (_skipBackoff)
            {
                _skipBackoff = false;
                delay = TimeSpan.FromMilliseconds(100);
                continue;
            }

            try
            {
                if (await _retryNow.WaitAsync(delay, _stopping.Token))
                {
                    _skipBackoff = false;
                    delay = TimeSpan.FromMilliseconds(100);
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _maxBackoff.Ticks));
        }
    }

    /// <summary>
    /// Connects to the first endpoint that answers the handshake; one reader serves the connection's whole life. Behind
    /// Sentinel the endpoint is the master Sentinel names, and a server whose <c>ROLE</c> is not master (a demoted one
    /// that has not yet heard, or a replica Sentinel has not yet promoted) is refused, so nothing subscribes to a replica.
    /// </summary>
    private async Task<(Stream Stream, PipeReader Reader)> ConnectAsync(CancellationToken cancellation)
    {
        Exception? last = null;
        foreach (var endpoint in _endpoints())
        {
            Stream? stream = null;
            PipeReader? reader = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                timeout.CancelAfter(ConnectTimeout);
                (stream, reader) = await RespConnection.OpenAsync(endpoint, _configuration, _configuration.Ssl ? 6380 : 6379,
                    _maxMessageBytes, timeout.Token);
                await HandshakeAsync(stream, reader, timeout.Token);
                return (stream, reader);
            }
            catch (Exception e) when (RespConnection.IsConnectionFailure(e) && !cancellation.IsCancellationRequested)
            {
                if (reader is not null)
                {
                    await reader.CompleteAsync();
                }

                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }

                last = e;
            }
        }

        throw last ?? new RedisSubscriberException(_noEndpointReason());
    }

    /// <summary>CLIENT SETNAME (and ROLE behind Sentinel) before the connection enters subscriber mode.</summary>
    private async Task HandshakeAsync(Stream stream, PipeReader reader, CancellationToken cancellation)
    {
        var setName = await RespConnection.CallAsync(stream, reader, _maxMessageBytes, cancellation, "CLIENT", "SETNAME",
            (_configuration.ClientName ?? "realtime-server") + "-subscriber");
        if (setName is { Kind: RespKind.Error } refused)
        {
            // Only a label for CLIENT LIST; an ACL that forbids it must not keep the pod deaf.
            RedisLog.ClientNameRefused(_logger, _name, refused.Text);
        }

        if (_requireMaster)
        {
            var role = await RespConnection.CallAsync(stream, reader, _maxMessageBytes, cancellation, "ROLE");
            var name = role is { Kind: RespKind.Array, Items: [var first, ..] } ? first.AsString() : role.Text;
            if (name != "master")
            {
                throw new RedisSubscriberException($"the server Sentinel named is not a master (ROLE: {name ?? "no answer"})");
            }
        }
    }

    private async Task ReadAsync(PipeReader reader, CancellationToken cancellation)
    {
        long skipping = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellation);
            Interlocked.Exchange(ref _lastReadTicks, Environment.TickCount64);
            var buffer = result.Buffer;
            while (true)
            {
                if (skipping > 0)
                {
                    var skipped = Math.Min(skipping, buffer.Length);
                    buffer = buffer.Slice(skipped);
                    skipping -= skipped;
                    if (skipping > 0)
                    {
                        break;
                    }
                }

                try
                {
                    if (!RespReader.TryRead(ref buffer, _maxMessageBytes, out var reply))
                    {
                        break;
                    }

                    Handle(reply);
                }
                catch (OversizeMessageException oversize)
                {
                    // Dropping this one message keeps every other channel's messages, which a reconnect would lose.
                    RedisLog.OversizeMessageDropped(_logger, _name, oversize.Message);
                    _oversize();
                    skipping = oversize.BytesToSkip;
                }
            }

            if (result.IsCompleted)
            {
                return;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private void Handle(RespValue reply)
    {
        if (reply.Kind == RespKind.Error)
        {
            _lastFailure = reply.Text;
            RedisLog.SubscriberErrorReply(_logger, _name, reply.Text);
            return;
        }

        if (reply.Kind != RespKind.Array || reply.Items is not { Count: >= 2 } items)
        {
            throw new RespProtocolException($"unexpected {reply.Kind} reply in subscriber mode");
        }

        switch (items[0].AsString())
        {
            case "message" when items.Count == 3:
                Deliver(new SubscriberMessage(Text(items[1]), false, Text(items[1]), items[2].Bulk ?? []));
                break;
            case "pmessage" when items.Count == 4:
                Deliver(new SubscriberMessage(Text(items[1]), true, Text(items[2]), items[3].Bulk ?? []));
                break;
            case "subscribe":
                Confirm(Text(items[1]), false);
                break;
            case "psubscribe":
                Confirm(Text(items[1]), true);
                break;
            case "unsubscribe":
                Unsubscribed(Text(items[1]), false);
                break;
            case "punsubscribe":
                Unsubscribed(Text(items[1]), true);
                break;
            case "pong":
                break;
            default:
                throw new RespProtocolException($"unexpected '{items[0].AsString()}' push in subscriber mode");
        }
    }

    private void Deliver(SubscriberMessage message)
    {
        try
        {
            _onMessage(message);
        }
        catch (Exception e)
        {
            // One bad handler must not take the connection, and every other channel's messages, down with it.
            RedisLog.MessageHandlerFailed(_logger, message.Channel, e);
        }
    }

    private void Confirm(string channel, bool isPattern)
    {
        _confirmed[(channel, isPattern)] = 0;
        Interlocked.Exchange(ref _nextConfirmation, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult();
    }

    private void Unsubscribed(string channel, bool isPattern)
    {
        _confirmed.TryRemove((channel, isPattern), out _);
        _unsubscribed(channel, isPattern);
    }

    private static string Text(RespValue value) =>
        value.AsString() ?? throw new RespProtocolException("a channel name is missing");

    private void OnHeartbeat(Stream stream)
    {
        if (Environment.TickCount64 - Interlocked.Read(ref _lastReadTicks) > SilenceLimit.TotalMilliseconds)
        {
            RedisLog.SubscriberSilent(_logger, _name, SilenceLimit);
            stream.Dispose();
            return;
        }

        _ = WriteAsync(Ping);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_stream is { } stream)
        {
            await stream.DisposeAsync();
        }

        await _loop;
        _stopping.Dispose();
        _writeLock.Dispose();
        _retryNow.Dispose();
    }
}
