using System.Buffers;
using System.Buffers.Text;

namespace Realtime.EngineIO.Protocol;

/// <summary>The polling payload of Engine.IO v4: packets joined by the record separator, binary as <c>b</c>+base64.</summary>
internal static class PollingPayload
{
    public const byte Separator = 0x1e;
    public const byte BinaryPrefix = (byte)'b';

    /// <summary>The ranges of the records of a payload; an empty payload is one empty (invalid) record.</summary>
    public static MemoryExtensions.SpanSplitEnumerator<byte> Records(ReadOnlySpan<byte> payload) =>
        payload.Split(Separator);

    public static bool IsBinaryRecord(ReadOnlySpan<byte> record) => !record.IsEmpty && record[0] == BinaryPrefix;

    /// <summary>Decodes a <c>b</c>+base64 record into a fresh array; false when the base64 is malformed.</summary>
    public static bool TryDecodeBinaryRecord(ReadOnlySpan<byte> record, out byte[] data)
    {
        var base64 = record[1..];
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        if (Base64.DecodeFromUtf8(base64, buffer, out var consumed, out var written) != OperationStatus.Done ||
            consumed != base64.Length)
        {
            data = [];
            return false;
        }

        data = written == buffer.Length ? buffer : buffer[..written];
        return true;
    }

    /// <summary>Bytes the messages take in one payload, separators included.</summary>
    public static long EncodedLength(ReadOnlySpan<EngineMessage> messages)
    {
        long length = Math.Max(0, messages.Length - 1);
        foreach (var message in messages)
        {
            length += message.PollingPayload.Length;
        }

        return length;
    }

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<EngineMessage> messages)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                writer.GetSpan(1)[0] = Separator;
                writer.Advance(1);
            }

            writer.Write(messages[i].PollingPayload.Span);
        }
    }
}
