using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>
/// Reads RESP2 replies from a byte stream as they arrive: a reply split across reads is left for the next call, and
/// anything that is not RESP2, nests deeper than a subscriber's replies do, or announces more bytes than allowed is a
/// <see cref="RespProtocolException"/>, after which the connection is dropped rather than resynchronised. The one
/// exception is a pushed message's payload over the limit: it is the reply's last element, so its end is known and
/// <see cref="OversizeMessageException"/> says how far to skip.
/// </summary>
internal static class RespReader
{
    private const int MaxLine = 64 * 1024;
    private const int MaxArrayItems = 64;
    /// <summary>Subscriber pushes nest two deep; ROLE on a master (its replicas, each an array) three.</summary>
    private const int MaxDepth = 3;

    /// <summary>Parses one reply from the start of <paramref name="buffer"/> and slices it off; false when incomplete.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, long maxBulkBytes, out RespValue value)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryReadValue(ref reader, maxBulkBytes, 0, lastOfTopLevel: false, out value!))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    /// <param name="lastOfTopLevel">The value ends the top-level reply, as a pushed message's payload does.</param>
    private static bool TryReadValue(ref SequenceReader<byte> reader, long maxBulkBytes, int depth, bool lastOfTopLevel,
        out RespValue? value)
    {
        value = null;
        if (!reader.TryRead(out var marker) || !TryReadLine(ref reader, out var line))
        {
            return false;
        }

        switch (marker)
        {
            case (byte)'+':
                value = new RespValue(RespKind.Simple, Text: Encoding.UTF8.GetString(line));
                return true;
            case (byte)'-':
                value = new RespValue(RespKind.Error, Text: Encoding.UTF8.GetString(line));
                return true;
            case (byte)':':
                value = new RespValue(RespKind.Integer, Integer: ParseLength(line));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseLength(line), maxBulkBytes, lastOfTopLevel, out value);
            case (byte)'*':
                return TryReadArray(ref reader, ParseLength(line), maxBulkBytes, depth, out value);
            default:
                throw new RespProtocolException($"unexpected RESP type byte 0x{marker:x2}");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, long maxBulkBytes, bool lastOfTopLevel,
        out RespValue? value)
    {
        value = null;
        if (length == -1)
        {
            value = new RespValue(RespKind.Bulk);
            return true;
        }

        if (length > maxBulkBytes && lastOfTopLevel)
        {
            throw new OversizeMessageException(length, reader.Consumed + length + 2);
        }

        if (length < 0 || length > maxBulkBytes)
        {
            throw new RespProtocolException($"a bulk string of {length} bytes is over the {maxBulkBytes}-byte limit");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var bytes = new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RespProtocolException("a bulk string does not end with CRLF");
        }

        value = new RespValue(RespKind.Bulk, Bulk: bytes);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, long maxBulkBytes, int depth,
        out RespValue? value)
    {
        value = null;
        if (count == -1)
        {
            value = new RespValue(RespKind.Array, Items: []);
            return true;
        }

        if (count < 0 || count > MaxArrayItems || depth == MaxDepth)
        {
            throw new RespProtocolException($"an array of {count} items at depth {depth} is not a subscriber reply");
        }

        var items = new RespValue[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadValue(ref reader, maxBulkBytes, depth + 1, lastOfTopLevel: depth == 0 && i == count - 1, out var item))
            {
                return false;
            }

            items[i] = item!;
        }

        value = new RespValue(RespKind.Array, Items: items);
        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        line = default;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> sequence, "\r\n"u8, advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxLine)
            {
                throw new RespProtocolException($"a reply line is longer than {MaxLine} bytes");
            }

            return false;
        }

        if (sequence.Length > MaxLine)
        {
            throw new RespProtocolException($"a reply line is longer than {MaxLine} bytes");
        }

        line = sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();
        return true;
    }

    private static long ParseLength(ReadOnlySpan<byte> line)
    {
        if (!Utf8Parser.TryParse(line, out long value, out var consumed) || consumed != line.Length)
        {
            throw new RespProtocolException($"'{Encoding.ASCII.GetString(line)}' is not a RESP length");
        }

        return value;
    }
}
