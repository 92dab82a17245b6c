using System.Text.Json;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// Finds JSON strings whose <c>\u</c> escapes decode to a lone UTF-16 surrogate (<c>"\ud800"</c>): JavaScript
/// accepts them, but .NET cannot turn them into a string, so every later read of the value would throw.
/// Text that reaches the parser was decoded from UTF-8 already, so escapes are the only way such a value arrives.
/// </summary>
internal static class EscapedSurrogates
{
    /// <summary>True when every string and property name of the (already valid) JSON is well-formed UTF-16.</summary>
    public static bool AreWellFormed(ReadOnlySpan<byte> json)
    {
        // Most payloads hold no escape at all: one vectorized scan and done.
        if (json.IndexOf((byte)'\\') < 0)
        {
            return true;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = PacketParser.MaxJsonDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                && !IsWellFormed(reader.ValueSpan))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks the escapes of one raw (still escaped) string value.</summary>
    private static bool IsWellFormed(ReadOnlySpan<byte> raw)
    {
        var expectLow = false;
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != '\\')
            {
                if (expectLow)
                {
                    return false;
                }

                i++;
                continue;
            }

            if (raw[i + 1] != 'u')
            {
                if (expectLow)
                {
                    return false;
                }

                i += 2;
                continue;
            }

            var unit = ParseHex(raw.Slice(i + 2, 4));
            i += 6;
            if (char.IsHighSurrogate(unit))
            {
                if (expectLow)
                {
                    return false;
                }

                expectLow = true;
            }
            else if (char.IsLowSurrogate(unit))
            {
                if (!expectLow)
                {
                    return false;
                }

                expectLow = false;
            }
            else if (expectLow)
            {
                return false;
            }
        }

        return !expectLow;
    }

    private static char ParseHex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return (char)value;
    }
}
