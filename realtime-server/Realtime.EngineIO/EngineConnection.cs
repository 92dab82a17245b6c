using System.Text;
using Realtime.EngineIO.Protocol;
using Realtime.EngineIO.Transports;

namespace Realtime.EngineIO;

/// <summary>
/// One Engine.IO session. Outbound messages go through one bounded queue drained by whichever transport is active
/// (the pending polling GET or the WebSocket writer loop); inbound packets are dispatched to the handler in order.
/// </summary>
public sealed class EngineConnection
{
    private const int StateOpen = 0;
    private const int StateClosing = 1;
    private const int StateClosed = 2;

    private readonly EngineServer _server;
    private readonly OutboundQueue _outbound;
    private readonly CancellationTokenSource _closed = new();
    private readonly CancellationTokenSource _writesAbandoned = new();
    private readonly Lock _inboundLock = new();
    private readonly Timer _heartbeat;
    private int _state;
    private bool _awaitingPong;
    private string _closeReason = EngineCloseReasons.ForcedClose;
    private string _transport;
    private int _upgradeState;
    private int _pollActive;
    private int _postActive;
    private int _pendingPoll;
    private volatile bool _closedByClient;

    internal EngineConnection(EngineServer server, string id, string transport, EngineHandshake handshake)
    {
        _server = server;
        Id = id;
        _transport = transport;
        Handshake = handshake;
        _outbound = new OutboundQueue(server.Options.MaxOutboundQueue, server.Options.MaxOutboundBytes, server.Budget);
        _heartbeat = new Timer(static state => ((EngineConnection)state!).OnHeartbeatTimer(), this,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The Engine.IO session id (<c>sid</c>).</summary>
    public string Id { get; }

    /// <summary>The active transport: <c>polling</c> or <c>websocket</c>.</summary>
    public string Transport => Volatile.Read(ref _transport);

    public EngineHandshake Handshake { get; }

    /// <summary>Whether the connection accepts messages (not closing or closed).</summary>
    public bool IsOpen => Volatile.Read(ref _state) == StateOpen;

    internal OutboundQueue Outbound => _outbound;

    internal CancellationToken ClosedToken => _closed.Token;

    /// <summary>Cancels the transport's writes: on termination, and when a slow consumer is dropped mid-write.</summary>
    internal CancellationToken WritesAbandonedToken => _writesAbandoned.Token;

    internal string CloseReason => Volatile.Read(ref _closeReason);

    internal EngineServer Server => _server;

    /// <summary>The client sent the close packet: a poll still pending is answered with noop, not with close.</summary>
    internal bool ClosedByClient => _closedByClient;

    /// <summary>
    /// Queues a message without blocking. Returns false when the connection is closed, or when its bounded queue is
    /// full (in messages or in bytes), in which case the connection is closed with reason <c>slow consumer</c>.
    /// </summary>
    public bool Send(EngineMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _state) != StateOpen)
        {
            return false;
        }

        if (_outbound.TryWrite(message))
        {
            return true;
        }

        DropSlowConsumer();
        return false;
    }

    /// <summary>
    /// Closes the connection after the messages already queued have been written; the handler's
    /// <see cref="IEngineConnectionHandler.OnClose"/> receives <paramref name="reason"/>.
    /// </summary>
    public void Close(string reason = EngineCloseReasons.ForcedClose)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateOpen) != StateOpen)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        if (!_outbound.TryWrite(EngineMessage.ClosePacket))
        {
            Terminate(reason);
            return;
        }

        // A polling client that never polls again must not keep a closing session forever.
        ChangeTimer(_server.Options.PingTimeout);
    }

    /// <summary>
    /// Counts bytes the handler keeps from received messages (the attachments of a packet still being assembled)
    /// against the server's budget of bytes held for clients, so that large messages wait while it is spent; a
    /// negative <paramref name="delta"/> gives them back. The handler gives back all it counted when the connection closes.
    /// </summary>
    public void HoldReceived(long delta)
    {
        if (delta > 0)
        {
            _server.Budget.Charge(delta);
        }
        else if (delta < 0)
        {
            _server.Budget.Release(-delta);
        }
    }

    public override string ToString() => $"{Id} ({Transport})";

    /// <summary>
    /// Frees what the client did not read at once and closes it as <see cref="Close"/> does, with a close packet
    /// (a close frame on WebSocket, <c>1</c> on the next poll); a write waiting for the client is abandoned.
    /// </summary>
    private void DropSlowConsumer()
    {
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateOpen) != StateOpen)
        {
            return;
        }

        Volatile.Write(ref _closeReason, EngineCloseReasons.SlowConsumer);
        _server.Metrics.SlowConsumerDropped();
        EngineLog.SlowConsumer(_server.Logger, Id, _server.Options.MaxOutboundQueue, _server.Options.MaxOutboundBytes);
        _outbound.DiscardAllBut(EngineMessage.ClosePacket);
        _writesAbandoned.Cancel();
        ChangeTimer(_server.Options.PingTimeout);
    }

    internal void Start() => ChangeTimer(_server.Options.PingInterval);

    /// <summary>Closes at once (no flush), removes the session and tells the handler; idempotent.</summary>
    internal void Terminate(string reason)
    {
        var previous = Interlocked.Exchange(ref _state, StateClosed);
        if (previous == StateClosed)
        {
            return;
        }

        // A graceful close keeps the reason it was asked with, whatever ends it.
        if (previous != StateClosing)
        {
            Volatile.Write(ref _closeReason, reason);
        }

        _outbound.Complete();
        _heartbeat.Dispose();
        _writesAbandoned.Cancel();
        _closed.Cancel();
        _server.Remove(this, CloseReason);

        // Queued so that OnClose never runs inside another handler call of this connection (e.g. a Send from OnMessage).
        ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.DispatchClose(), this, preferLocal: false);
    }

    internal void DispatchOpen()
    {
        lock (_inboundLock)
        {
            try
            {
                _server.Handler.OnOpen(this);
            }
            catch (Exception exception)
            {
                EngineLog.HandlerFailed(_server.Logger, Id, exception);
            }
        }
    }

    /// <summary>
    /// Handles one text packet (type digit + data): <see cref="PacketOutcome.Rejected"/> when it broke the protocol
    /// (the connection is closed for it), <see cref="PacketOutcome.Closed"/> when it closed the connection or the
    /// connection was already closed, else <see cref="PacketOutcome.Accepted"/>.
    /// </summary>
    internal PacketOutcome HandleTextPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return Fail(EngineCloseReasons.ParseError);
        }

        _server.Metrics.PacketIn(packet.Length);
        switch ((EnginePacketType)packet[0])
        {
            case EnginePacketType.Message:
                return Dispatch(packet[1..], binary: null);
            case EnginePacketType.Pong:
                OnPong();
                return PacketOutcome.Accepted;
            case EnginePacketType.Ping:
                // v4 heartbeats go from server to client: a client ping is a protocol violation.
                return Fail(EngineCloseReasons.TransportError);
            case EnginePacketType.Close:
                _closedByClient = true;
                if (Transport == EngineTransportNames.Polling)
                {
                    _server.RememberClientClose(this);
                }

                Terminate(EngineCloseReasons.TransportClose);
                return PacketOutcome.Closed;
            case EnginePacketType.Open:
            case EnginePacketType.Upgrade:
            case EnginePacketType.Noop:
                return PacketOutcome.Accepted;
            default:
                return Fail(EngineCloseReasons.ParseError);
        }
    }

    internal PacketOutcome HandleBinaryMessage(byte[] data)
    {
        _server.Metrics.PacketIn(data.Length);
        return Dispatch([], data);
    }

    internal PacketOutcome Fail(string reason)
    {
        EngineLog.ProtocolViolation(_server.Logger, Id, reason);
        Terminate(reason);
        return PacketOutcome.Rejected;
    }

    internal bool TryEnterPoll() => Interlocked.Exchange(ref _pollActive, 1) == 0;

    internal void ExitPoll() => Volatile.Write(ref _pollActive, 0);

    internal bool TryEnterPost() => Interlocked.Exchange(ref _postActive, 1) == 0;

    internal void ExitPost() => Volatile.Write(ref _postActive, 0);

    internal bool IsPostActive => Volatile.Read(ref _postActive) == 1;

    /// <summary>True once a probe succeeded: polling GETs are answered with noop so the client can pause polling.</summary>
    internal bool IsUpgrading => Volatile.Read(ref _upgradeState) >= (int)UpgradeState.Probed;

    internal void SetPendingPoll(bool pending) => Volatile.Write(ref _pendingPoll, pending ? 1 : 0);

    internal bool HasPendingPoll => Volatile.Read(ref _pendingPoll) == 1;

    internal bool TryBeginProbe() =>
        Transport == EngineTransportNames.Polling && IsOpen &&
        Interlocked.CompareExchange(ref _upgradeState, (int)UpgradeState.Probing, (int)UpgradeState.None) ==
        (int)UpgradeState.None;

    internal void MarkProbed()
    {
        Volatile.Write(ref _upgradeState, (int)UpgradeState.Probed);
        _outbound.WakeReader();
    }

    /// <summary>False when the probe was aborted first (its timeout fired): the session stays on polling.</summary>
    internal bool TryCompleteUpgrade()
    {
        Volatile.Write(ref _transport, EngineTransportNames.WebSocket);
        if (Interlocked.CompareExchange(ref _upgradeState, (int)UpgradeState.Upgraded, (int)UpgradeState.Probed) ==
            (int)UpgradeState.Probed)
        {
            return true;
        }

        Volatile.Write(ref _transport, EngineTransportNames.Polling);
        return false;
    }

    internal void AbortUpgrade()
    {
        Interlocked.CompareExchange(ref _upgradeState, (int)UpgradeState.None, (int)UpgradeState.Probing);
        Interlocked.CompareExchange(ref _upgradeState, (int)UpgradeState.None, (int)UpgradeState.Probed);
    }

    /// <summary>Hands a text message (UTF-8, lent) or a binary one (an array the handler may keep) to the layer above.</summary>
    private PacketOutcome Dispatch(ReadOnlySpan<byte> text, byte[]? binary)
    {
        lock (_inboundLock)
        {
            if (Volatile.Read(ref _state) == StateClosed)
            {
                return PacketOutcome.Closed;
            }

            try
            {
                if (binary is null)
                {
                    _server.Handler.OnTextMessage(this, text);
                }
                else
                {
                    _server.Handler.OnMessage(this, EngineInboundMessage.FromBinary(binary));
                }
            }
            catch (Exception exception)
            {
                EngineLog.HandlerFailed(_server.Logger, Id, exception);
            }
        }

        return PacketOutcome.Accepted;
    }

    private void DispatchClose()
    {
        lock (_inboundLock)
        {
            try
            {
                _server.Handler.OnClose(this, CloseReason);
            }
            catch (Exception exception)
            {
                EngineLog.HandlerFailed(_server.Logger, Id, exception);
            }
        }
    }

    private void OnHeartbeatTimer()
    {
        string? expired = null;
        lock (_inboundLock)
        {
            switch (Volatile.Read(ref _state))
            {
                case StateClosed:
                    return;
                case StateClosing:
                    expired = CloseReason;
                    break;
                default:
                    if (_awaitingPong)
                    {
                        expired = EngineCloseReasons.PingTimeout;
                    }
                    else
                    {
                        _awaitingPong = true;
                        ChangeTimer(_server.Options.PingTimeout);
                    }

                    break;
            }
        }

        if (expired is not null)
        {
            Terminate(expired);
        }
        else
        {
            Send(EngineMessage.Ping);
        }
    }

    private void OnPong()
    {
        lock (_inboundLock)
        {
            if (!_awaitingPong || Volatile.Read(ref _state) != StateOpen)
            {
                return;
            }

            _awaitingPong = false;
            ChangeTimer(_server.Options.PingInterval);
        }
    }

    private void ChangeTimer(TimeSpan dueTime)
    {
        try
        {
            _heartbeat.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Terminated concurrently.
        }
    }

    private enum UpgradeState
    {
        None = 0,
        Probing = 1,
        Probed = 2,
        Upgraded = 3,
    }
}

/// <summary>What became of the connection after an inbound packet.</summary>
internal enum PacketOutcome
{
    Accepted,
    Closed,
    Rejected,
}
