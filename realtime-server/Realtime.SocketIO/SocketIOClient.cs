using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Diagnostics;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO;

/// <summary>
/// The Socket.IO side of one Engine.IO connection: decodes its messages, enforces the connection state rules and
/// holds its sockets (one per joined namespace). Any protocol violation closes this connection only.
/// </summary>
internal sealed class SocketIOClient : IDisposable
{
    private static readonly JsonElement EmptyAuth = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly SocketIOServer _server;
    private readonly PacketDecoder _decoder;
    private readonly Dictionary<string, Socket> _sockets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _connecting = new(StringComparer.Ordinal);
    private Timer? _connectTimer;
    private ITimer? _binaryPacketTimer;
    private long _binaryPacketStarted;
    private bool _closed;

    public SocketIOClient(SocketIOServer server, EngineConnection connection)
    {
        _server = server;
        Connection = connection;
        _decoder = new PacketDecoder(server.Options.MaxAttachments, server.MaxHttpBufferSize);
        _connectTimer = new Timer(static state => ((SocketIOClient)state!).OnConnectTimeout(), this,
            server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    public EngineConnection Connection { get; }

    /// <summary>Serializes inbound dispatch with the completion of asynchronous namespace connects.</summary>
    public object Gate { get; } = new();

    /// <summary>A text message as received, UTF-8 bytes lent for the call.</summary>
    public void OnText(ReadOnlySpan<byte> utf8) => Receive(utf8, attachment: null);

    /// <summary>A binary message: an attachment of the packet being assembled.</summary>
    public void OnAttachment(ReadOnlyMemory<byte> binary) => Receive([], binary);

    private void Receive(ReadOnlySpan<byte> text, ReadOnlyMemory<byte>? attachment)
    {
        lock (Gate)
        {
            if (_closed)
            {
                return;
            }

            var before = (_decoder.PendingBytes, _decoder.IsAssembling);
            try
            {
                var packet = attachment is { } binary ? _decoder.DecodeAttachment(binary) : _decoder.DecodeText(text);
                Dispatch(packet, before.IsAssembling);
            }
            catch (SocketIOProtocolException exception)
            {
                Reject(exception);
            }
            finally
            {
                Connection.HoldReceived(_decoder.PendingBytes - before.PendingBytes);
            }
        }
    }

    private void Dispatch(SocketIOPacket? packet, bool wasAssembling)
    {
        if (_decoder.IsAssembling != wasAssembling)
        {
            TimeBinaryPacket(_decoder.IsAssembling);
        }

        if (packet is not null)
        {
            _server.Metrics.PacketIn(packet.Type);
            Dispatch(packet);
        }
    }

    private void Reject(SocketIOProtocolException exception)
    {
        if (_server.Logger.IsEnabled(LogLevel.Debug) && _server.ProtocolViolationLog.TryEnter(out var suppressed))
        {
            SocketIOLog.ProtocolViolation(_server.Logger, Connection.Id, exception.Message, suppressed);
        }

        Close(SocketDisconnectReasons.ParseError);
    }

    /// <summary>Queues the packet's messages on the connection (never blocks); false when it is closed or dropped.</summary>
    public bool Send(EncodedPacket packet)
    {
        if (!Deliver(packet))
        {
            return false;
        }

        _server.Metrics.PacketOut(packet.Type);
        return true;
    }

    /// <summary>Like <see cref="Send"/>, for a broadcast that counts its packets once for all recipients.</summary>
    public bool Deliver(EncodedPacket packet)
    {
        foreach (var message in packet.Messages)
        {
            if (!Connection.Send(message))
            {
                return false;
            }
        }

        return true;
    }

    public void Close(string reason) => Connection.Close(reason);

    /// <summary>Read with <see cref="Gate"/> held: false once the Engine.IO connection is gone.</summary>
    public bool IsOpen => !_closed;

    /// <summary>The Engine.IO connection is gone: every socket of this client leaves with its reason.</summary>
    public void OnClose(string reason)
    {
        Socket[] sockets;
        lock (Gate)
        {
            _closed = true;
            sockets = [.. _sockets.Values];
            Connection.HoldReceived(-_decoder.PendingBytes);
        }

        foreach (var socket in sockets)
        {
            socket.OnClose(reason);
        }

        Dispose();
    }

    /// <summary>Called with <see cref="Gate"/> held once middleware accepted a socket; false when the client left.</summary>
    public bool TryAttach(Socket socket)
    {
        _connecting.Remove(socket.Namespace.Name);
        if (_closed)
        {
            return false;
        }

        _sockets[socket.Namespace.Name] = socket;

        // As in socket.io, the connect timeout ends with the first namespace joined; an idle client keeps no timer.
        ReleaseConnectTimer();
        return true;
    }

    /// <summary>Called with <see cref="Gate"/> held when middleware refused a socket.</summary>
    public void ConnectFailed(string nsp) => _connecting.Remove(nsp);

    public void Detach(Socket socket)
    {
        lock (Gate)
        {
            if (_sockets.TryGetValue(socket.Namespace.Name, out var current) && current == socket)
            {
                _sockets.Remove(socket.Namespace.Name);
            }
        }
    }

    public void Dispose()
    {
        ReleaseConnectTimer();
        lock (Gate)
        {
            _binaryPacketTimer?.Dispose();
            _binaryPacketTimer = null;
        }
    }

    /// <summary>Called with <see cref="Gate"/> held when a binary packet starts or stops waiting for attachments.</summary>
    private void TimeBinaryPacket(bool assembling)
    {
        _binaryPacketStarted = _server.TimeProvider.GetTimestamp();
        if (_binaryPacketTimer is null && assembling)
        {
            _binaryPacketTimer = _server.TimeProvider.CreateTimer(
                static state => ((SocketIOClient)state!).OnBinaryPacketTimeout(), this,
                _server.Options.BinaryPacketTimeout, Timeout.InfiniteTimeSpan);
        }
        else if (assembling)
        {
            _binaryPacketTimer!.Change(_server.Options.BinaryPacketTimeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _binaryPacketTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnBinaryPacketTimeout()
    {
        lock (Gate)
        {
            // A fire queued just before the packet completed, or before the next one re-armed the timer, is stale.
            var elapsed = _server.TimeProvider.GetElapsedTime(_binaryPacketStarted);
            if (_closed || !_decoder.IsAssembling || elapsed < _server.Options.BinaryPacketTimeout)
            {
                return;
            }
        }

        if (_server.Logger.IsEnabled(LogLevel.Debug) && _server.ProtocolViolationLog.TryEnter(out var suppressed))
        {
            SocketIOLog.ProtocolViolation(_server.Logger, Connection.Id,
                $"a binary packet was not completed within {_server.Options.BinaryPacketTimeout}", suppressed);
        }

        Close(SocketDisconnectReasons.ParseError);
    }

    private void ReleaseConnectTimer() => Interlocked.Exchange(ref _connectTimer, null)?.Dispose();

    private void Dispatch(SocketIOPacket packet)
    {
        var joined = _sockets.TryGetValue(packet.Namespace, out var socket);
        if (packet.Type == PacketType.Connect)
        {
            if (joined || _connecting.Contains(packet.Namespace))
            {
                throw new SocketIOProtocolException($"second CONNECT for namespace {packet.Namespace}");
            }

            Connect(packet);
        }
        else if (joined && packet.Type != PacketType.ConnectError)
        {
            socket!.OnPacket(packet);
        }
        else
        {
            throw new SocketIOProtocolException($"{packet.Type} for namespace {packet.Namespace}, which is not joined");
        }
    }

    private void Connect(SocketIOPacket packet)
    {
        if (!_server.TryGetNamespace(packet.Namespace, out var nsp))
        {
            Send(EncodedPacket.Encode(ConnectReplies.InvalidNamespace(packet.Namespace)));
            return;
        }

        _connecting.Add(packet.Namespace);
        var auth = packet.Data ?? EmptyAuth;
        _ = nsp.ConnectAsync(this, auth);
    }

    private void OnConnectTimeout()
    {
        lock (Gate)
        {
            if (_sockets.Count > 0 || _closed)
            {
                return;
            }
        }

        SocketIOLog.ConnectTimeout(_server.Logger, Connection.Id);
        Close(EngineCloseReasons.ForcedClose);
    }
}
