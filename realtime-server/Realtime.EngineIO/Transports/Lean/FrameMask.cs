using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>RFC 6455 section 5.3: XOR with the 4-byte masking key, continuing at any offset into the payload.</summary>
internal static class FrameMask
{
    /// <summary>Unmasks <paramref name="data"/> in place, which starts <paramref name="offset"/> bytes into the payload.</summary>
    public static void Apply(Span<byte> data, uint maskKey, long offset)
    {
        // The key as it applies from this offset on: rotated so that byte i of the span uses key byte (offset + i) % 4.
        var key = BitOperations.RotateRight(maskKey, (int)(offset & 3) * 8);
        var i = 0;
        if (data.Length >= 8)
        {
            var wide = key | ((ulong)key << 32);
            var words = MemoryMarshal.Cast<byte, ulong>(data);
            for (var w = 0; w < words.Length; w++)
            {
                words[w] ^= BitConverter.IsLittleEndian ? wide : BinaryPrimitives.ReverseEndianness(wide);
            }

            i = words.Length * 8;
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= (byte)(key >> ((i & 3) * 8));
        }
    }
}
