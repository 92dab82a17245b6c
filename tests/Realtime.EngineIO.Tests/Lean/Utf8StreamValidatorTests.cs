using System.Text.Unicode;
using Realtime.EngineIO.Transports.Lean;

namespace Realtime.EngineIO.Tests.Lean;

public class Utf8StreamValidatorTests
{
    [Fact]
    public void Pieces_cut_anywhere_are_judged_as_the_whole_would_be()
    {
        var random = new Random(2024);
        var fragments = new byte[][] { [0x41], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xED, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF], [0xE0, 0x80, 0x80], [0xF0, 0x80] };
        var invalid = 0;
        for (var run = 0; run < 5000; run++)
        {
            var bytes = Enumerable.Range(0, random.Next(0, 12))
                .SelectMany(_ => random.Next(8) == 0 ? fragments[random.Next(fragments.Length)] : fragments[random.Next(4)])
                .ToArray();
            var validator = default(Utf8StreamValidator);
            var valid = true;
            var start = 0;
            while (start < bytes.Length && valid)
            {
                var length = random.Next(0, bytes.Length - start + 1);
                valid = validator.Append(bytes.AsSpan(start, length));
                start += length;
            }

            valid = valid && validator.Append(bytes.AsSpan(start)) && validator.IsComplete;
            Assert.True(Utf8.IsValid(bytes) == valid, Convert.ToHexString(bytes));
            invalid += valid ? 0 : 1;
        }

        Assert.InRange(invalid, 500, 4500);
    }
}
