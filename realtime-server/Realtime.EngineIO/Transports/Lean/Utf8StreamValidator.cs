using System.Text.Unicode;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>
/// Validates UTF-8 that arrives in pieces (the reads and fragments of one text message), as RFC 6455 section 8.1
/// asks: a piece may end inside a character, so the state of the character being completed is carried to the next
/// piece. Whole characters go to <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>; only the few bytes at a piece's
/// edges are stepped one by one.
/// </summary>
internal struct Utf8StreamValidator
{
    private int _remaining;
    private byte _nextMin;
    private byte _nextMax;

    /// <summary>True when no character is left incomplete: the message may end here.</summary>
    public readonly bool IsComplete => _remaining == 0;

    /// <summary>False as soon as the bytes so far cannot be the start of valid UTF-8.</summary>
    public bool Append(ReadOnlySpan<byte> piece)
    {
        var i = 0;
        while (_remaining > 0 && i < piece.Length)
        {
            if (!Step(piece[i++]))
            {
                return false;
            }
        }

        var rest = piece[i..];
        var tail = IncompleteTailStart(rest);
        if (!Utf8.IsValid(rest[..tail]))
        {
            return false;
        }

        foreach (var b in rest[tail..])
        {
            if (!Step(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where a character that the piece's end cuts short begins (the length when none is).</summary>
    private static int IncompleteTailStart(ReadOnlySpan<byte> piece)
    {
        for (var j = piece.Length - 1; j >= 0 && j >= piece.Length - 3; j--)
        {
            var b = piece[j];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return j + length > piece.Length ? j : piece.Length;
        }

        return piece.Length;
    }

    /// <summary>One byte, with the ranges of RFC 3629 section 4 (no overlong forms, no surrogates, nothing past U+10FFFF).</summary>
    private bool Step(byte b)
    {
        if (_remaining > 0)
        {
            if (b < _nextMin || b > _nextMax)
            {
                return false;
            }

            _remaining--;
            _nextMin = 0x80;
            _nextMax = 0xBF;
            return true;
        }

        (_remaining, _nextMin, _nextMax) = b switch
        {
            < 0x80 => (0, (byte)0, (byte)0),
            >= 0xC2 and <= 0xDF => (1, (byte)0x80, (byte)0xBF),
            0xE0 => (2, (byte)0xA0, (byte)0xBF),
            0xED => (2, (byte)0x80, (byte)0x9F),
            >= 0xE1 and <= 0xEF => (2, (byte)0x80, (byte)0xBF),
            0xF0 => (3, (byte)0x90, (byte)0xBF),
            >= 0xF1 and <= 0xF3 => (3, (byte)0x80, (byte)0xBF),
            0xF4 => (3, (byte)0x80, (byte)0x8F),
            _ => (-1, (byte)0, (byte)0),
        };
        if (_remaining >= 0)
        {
            return true;
        }

        _remaining = 0;
        return false;
    }
}
