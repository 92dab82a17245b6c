using Realtime.EngineIO.Transports.Lean;

namespace Realtime.EngineIO.Tests.Lean;

public class FrameMaskTests
{
    [Fact]
    public void Unmasking_in_pieces_at_any_offset_equals_the_byte_by_byte_definition()
    {
        var random = new Random(55);
        for (var run = 0; run < 500; run++)
        {
            var payload = new byte[random.Next(0, 300)];
            random.NextBytes(payload);
            var key = new byte[4];
            random.NextBytes(key);
            var expected = payload.Select((b, i) => (byte)(b ^ key[i % 4])).ToArray();

            var actual = payload.ToArray();
            var offset = 0;
            while (offset < actual.Length)
            {
                var length = random.Next(1, actual.Length - offset + 1);
                FrameMask.Apply(actual.AsSpan(offset, length), BitConverter.ToUInt32(key), offset);
                offset += length;
            }

            Assert.Equal(expected, actual);
        }
    }
}
