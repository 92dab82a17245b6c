using System.Buffers;
using System.Buffers.Binary;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>The opcodes of RFC 6455 section 5.2.</summary>
internal enum FrameOpcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>One frame's header as RFC 6455 section 5.2 lays it out: 2 bytes, an extended length, a masking key.</summary>
internal readonly record struct FrameHeader(bool Fin, int ReservedBits, FrameOpcode Opcode, bool Masked,
    long PayloadLength, uint MaskKey)
{
    /// <summary>Longest header: 2 bytes, 8 of extended length, 4 of masking key.</summary>
    public const int MaxLength = 14;

    public bool IsControl => ((byte)Opcode & 0x8) != 0;

    /// <summary>
    /// Reads a header from the start of <paramref name="input"/>; false when it is not all there yet.
    /// <paramref name="length"/> is how many bytes it took.
    /// </summary>
    public static bool TryRead(ReadOnlySequence<byte> input, out FrameHeader header, out int length)
    {
        header = default;
        length = 0;
        Span<byte> bytes = stackalloc byte[MaxLength];
        var available = (int)Math.Min(input.Length, MaxLength);
        if (available < 2)
        {
            return false;
        }

        input.Slice(0, available).CopyTo(bytes);
        var masked = (bytes[1] & 0x80) != 0;
        var shortLength = bytes[1] & 0x7F;
        var extended = shortLength switch { 126 => 2, 127 => 8, _ => 0 };
        length = 2 + extended + (masked ? 4 : 0);
        if (available < length)
        {
            length = 0;
            return false;
        }

        long payloadLength = extended switch
        {
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
            // The most significant bit must be 0 (section 5.2); a negative value is refused by the caller.
            8 => (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]),
            _ => shortLength,
        };
        var maskKey = masked ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[(2 + extended)..]) : 0u;
        header = new FrameHeader((bytes[0] & 0x80) != 0, (bytes[0] >> 4) & 0x7, (FrameOpcode)(bytes[0] & 0xF), masked,
            payloadLength, maskKey);
        return true;
    }

    /// <summary>Writes the header of an unmasked server frame (section 5.1: servers never mask) and returns its length.</summary>
    public static int WriteUnmasked(Span<byte> destination, bool fin, FrameOpcode opcode, long payloadLength)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (byte)opcode);
        if (payloadLength < 126)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }
}
