using System.Buffers.Text;
using System.Text;
using Realtime.EngineIO.Protocol;

namespace Realtime.EngineIO;

/// <summary>
/// An outbound packet, encoded once when it is created and shared by every recipient of a broadcast: a text message
/// is stored as the UTF-8 of <c>4&lt;payload&gt;</c> (the WebSocket frame and the polling record are the same bytes);
/// a binary message is sent raw on WebSocket and as <c>b&lt;base64&gt;</c> on polling, computed on first use.
/// </summary>
public sealed class EngineMessage
{
    internal static readonly EngineMessage Ping = Control(EnginePacketType.Ping, "");
    internal static readonly EngineMessage Noop = Control(EnginePacketType.Noop, "");
    internal static readonly EngineMessage ClosePacket = Control(EnginePacketType.Close, "");
    internal static readonly EngineMessage ProbePong = Control(EnginePacketType.Pong, "probe");

    private readonly byte[] _bytes;
    private byte[]? _pollingBinary;
    private int _queues;

    private EngineMessage(EnginePacketType type, byte[] bytes, bool isBinary)
    {
        Type = type;
        _bytes = bytes;
        IsBinary = isBinary;
    }

    /// <summary>Whether this is a binary message.</summary>
    public bool IsBinary { get; }

    /// <summary>Bytes of the WebSocket frame payload.</summary>
    public int Length => _bytes.Length;

    internal EnginePacketType Type { get; }

    internal ReadOnlyMemory<byte> WebSocketPayload => _bytes;

    /// <summary>The record of this packet inside a polling payload.</summary>
    internal ReadOnlyMemory<byte> PollingPayload => IsBinary ? _pollingBinary ??= EncodeBase64Record(_bytes) : _bytes;

    // Only data messages are counted: control packets are a few bytes, and the static ones (ping, noop, close) are
    // shared by every server in the process, whose budgets must not trade their bytes.

    /// <summary>Whether some queue holds this message already, so one more costs the server no bytes.</summary>
    internal bool IsQueued => Type == EnginePacketType.Message && Volatile.Read(ref _queues) > 0;

    /// <summary>One more queue holds this message; true for the first, whose bytes the server's budget is charged.</summary>
    internal bool EnterQueue() => Type == EnginePacketType.Message && Interlocked.Increment(ref _queues) == 1;

    /// <summary>One queue is done with this message (written or dropped); true for the last, which frees its bytes.</summary>
    internal bool LeaveQueue() => Type == EnginePacketType.Message && Interlocked.Decrement(ref _queues) == 0;

    /// <summary>A text message (Engine.IO packet <c>4</c>).</summary>
    public static EngineMessage Text(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(payload)];
        bytes[0] = (byte)EnginePacketType.Message;
        Encoding.UTF8.GetBytes(payload, bytes.AsSpan(1));
        return new EngineMessage(EnginePacketType.Message, bytes, isBinary: false);
    }

    /// <summary>A text message from payload text that is already UTF-8 (e.g. written by a JSON writer).</summary>
    public static EngineMessage TextUtf8(ReadOnlySpan<byte> payloadUtf8)
    {
        var bytes = new byte[1 + payloadUtf8.Length];
        bytes[0] = (byte)EnginePacketType.Message;
        payloadUtf8.CopyTo(bytes.AsSpan(1));
        return new EngineMessage(EnginePacketType.Message, bytes, isBinary: false);
    }

    /// <summary>A binary message; the bytes are copied once, so the caller may reuse its buffer.</summary>
    public static EngineMessage Binary(ReadOnlyMemory<byte> data) =>
        new(EnginePacketType.Message, data.ToArray(), isBinary: true);

    internal static EngineMessage Control(EnginePacketType type, string data) =>
        Control(type, Encoding.UTF8.GetBytes(data));

    internal static EngineMessage Control(EnginePacketType type, ReadOnlySpan<byte> dataUtf8)
    {
        var bytes = new byte[1 + dataUtf8.Length];
        bytes[0] = (byte)type;
        dataUtf8.CopyTo(bytes.AsSpan(1));
        return new EngineMessage(type, bytes, isBinary: false);
    }

    private static byte[] EncodeBase64Record(byte[] data)
    {
        var record = new byte[1 + Base64.GetMaxEncodedToUtf8Length(data.Length)];
        record[0] = (byte)'b';
        Base64.EncodeToUtf8(data, record.AsSpan(1), out _, out _);
        return record;
    }
}
