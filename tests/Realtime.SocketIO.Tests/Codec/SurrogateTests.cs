using System.Text;
using System.Text.Unicode;
using FsCheck;
using FsCheck.Xunit;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Tests.Codec;

/// <summary>
/// JSON escapes of lone UTF-16 surrogates (<c>"\ud800"</c>) are a protocol error, found at parse time, so no handler
/// or payload rule ever reads a string .NET cannot transcode; well-formed pairs and escaped backslashes pass.
/// </summary>
public sealed class SurrogateTests
{
    [Theory]
    [InlineData("2[\"\\ud800\"]")]
    [InlineData("2[\"\\uDFFF\"]")]
    [InlineData("2[\"join\",\"\\ud800\"]")]
    [InlineData("2[\"publish\",{\"data\":{\"\\udc00\":1}}]")]
    [InlineData("2[\"a\",\"\\ud83d\\u0041\"]")]
    [InlineData("2[\"a\",\"\\ud83dx\"]")]
    [InlineData("2[\"a\",\"\\ude00\\ud83d\"]")]
    [InlineData("0{\"token\":\"\\ud800\"}")]
    [InlineData("31[\"\\ud800\"]")]
    public void Lone_surrogate_escapes_are_a_protocol_error(string text) =>
        Assert.Throws<SocketIOProtocolException>(() => new PacketDecoder(10, 1_000_000).Decode(text));

    [Theory]
    [InlineData("2[\"\\ud83d\\ude00\"]", "\U0001F600")]
    [InlineData("2[\"a\\\\ud800\"]", "a\\ud800")]
    [InlineData("2[\"\\u00e9\\n\"]", "é\n")]
    public void Well_formed_escapes_decode(string text, string expectedName)
    {
        var packet = new PacketDecoder(10, 1_000_000).Decode(text)!;

        Assert.Equal(expectedName, packet.Data!.Value[0].GetString());
    }

    /// <summary>
    /// Any sequence of UTF-16 code units, escaped: accepted exactly when it is well-formed UTF-16. A quarter of the
    /// units are surrogates, so lone ones, pairs and reversed pairs all occur.
    /// </summary>
    [Property(MaxTest = 1000)]
    public void EscapedCodeUnitsAreAcceptedExactlyWhenWellFormed(ushort[] seeds, bool asPropertyName)
    {
        var units = seeds.Select(seed => (char)(seed % 4 == 0 ? 0xD800 + (seed >> 2) % 0x800 : seed)).ToArray();
        var escaped = new StringBuilder();
        foreach (var unit in units)
        {
            escaped.Append($"\\u{(int)unit:x4}");
        }

        var text = asPropertyName ? $"2[\"ev\",{{\"{escaped}\":1}}]" : $"2[\"ev\",\"{escaped}\"]";
        var wellFormed = IsWellFormed(units);

        try
        {
            var packet = new PacketDecoder(10, 1_000_000).Decode(text)!;
            Assert.True(wellFormed, "a lone surrogate was accepted");
            var value = packet.Data!.Value[1];
            var decoded = asPropertyName ? value.EnumerateObject().Single().Name : value.GetString();
            Assert.Equal(new string(units), decoded);
        }
        catch (SocketIOProtocolException)
        {
            Assert.False(wellFormed, "well-formed UTF-16 was refused");
        }
    }

    /// <summary>
    /// Arbitrary bytes as received in a text frame never escape the codec: a packet exactly when they are valid UTF-8
    /// (and JSON); otherwise a protocol error, never a string with replacement characters.
    /// </summary>
    [Property(MaxTest = 1000)]
    public void ArbitraryBytesAreAPacketOrAProtocolError(byte[] bytes)
    {
        byte[] text = [.. "2[\"ev\",\""u8, .. bytes, .. "\"]"u8];
        try
        {
            var packet = new PacketDecoder(10, 1_000_000).DecodeText(text);
            Assert.True(Utf8.IsValid(bytes), "invalid UTF-8 was accepted");
            Assert.NotNull(packet!.Data!.Value[1].ToString());
        }
        catch (SocketIOProtocolException)
        {
            // Invalid UTF-8, or a quote, backslash or control character that breaks the JSON.
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    public void Invalid_utf8_is_a_protocol_error(byte[] bytes)
    {
        byte[] text = [.. "2[\"ev\",\""u8, .. bytes, .. "\"]"u8];

        var error = Assert.Throws<SocketIOProtocolException>(() => new PacketDecoder(10, 1_000_000).DecodeText(text));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    private static bool IsWellFormed(char[] units)
    {
        for (var i = 0; i < units.Length; i++)
        {
            if (char.IsHighSurrogate(units[i]) && i + 1 < units.Length && char.IsLowSurrogate(units[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(units[i]))
            {
                return false;
            }
        }

        return true;
    }
}
