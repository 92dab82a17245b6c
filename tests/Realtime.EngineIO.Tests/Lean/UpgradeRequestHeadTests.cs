using System.Buffers;
using System.Text;
using Realtime.EngineIO.Transports.Lean;

namespace Realtime.EngineIO.Tests.Lean;

public class UpgradeRequestHeadTests
{
    private const string Upgrade =
        "GET /socket.io/?EIO=4&transport=websocket&sid=abc%2Dd HTTP/1.1\r\nHost: localhost:5000\r\n" +
        "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://localhost:5000\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n";

    [Fact]
    public void A_browser_upgrade_parses_with_its_query_and_headers()
    {
        var outcome = Parse(Upgrade + "first frame bytes", out var head, out var length);

        Assert.Equal(PeekOutcome.Upgrade, outcome);
        Assert.Equal(Upgrade.Length, length);
        Assert.Equal("/socket.io/", head!.Path);
        Assert.Equal("websocket", head.QueryValue("transport"));
        Assert.Equal("abc-d", head.QueryValue("sid"));
        Assert.Equal("dGhlIHNhbXBsZSBub25jZQ==", head.WebSocketKey);
        Assert.Equal("a=1,b=2", head.Header("cookie").ToString());
        Assert.Equal("http://localhost:5000", head.Header("Origin").ToString());
    }

    [Fact]
    public void The_accept_value_is_the_one_of_RFC_6455_section_1_3() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", SwitchingProtocolsResponse.AcceptFor("dGhlIHNhbXBsZSBub25jZQ=="));

    [Theory]
    [InlineData("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: a\r\n")]
    [InlineData("GE")]
    [InlineData("")]
    public void A_head_still_arriving_waits_for_more(string partial) =>
        Assert.Equal(PeekOutcome.NeedMore, Parse(partial, out _, out _));

    [Theory]
    [InlineData("POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000")]
    [InlineData("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /socket.io/ HTTP/1.0\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    [InlineData("GET /socket.io/ HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    [InlineData("GET /socket.io/ HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n")]
    [InlineData("GET /socket.io/ HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    [InlineData("GET /socket.io/ HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    [InlineData("GET /socket.io/ HTTP/1.1\r\nHost: a\r\n folded\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    [InlineData("GET /socket.io/ HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    [InlineData("GET /socket%2Eio/ HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    public void Anything_but_a_plain_well_formed_upgrade_is_left_to_kestrel(string bytes) =>
        Assert.Equal(PeekOutcome.NotLean, Parse(bytes, out _, out _));

    [Fact]
    public void A_head_longer_than_the_limit_is_left_to_kestrel_without_reading_further()
    {
        var longHead = Upgrade.Replace("Cookie: a=1", "Cookie: " + new string('a', LeanWebSocketMiddleware.MaxHeadLength),
            StringComparison.Ordinal);

        Assert.Equal(PeekOutcome.NotLean, Parse(longHead, out _, out _));
        Assert.Equal(PeekOutcome.NotLean, Parse(longHead[..(LeanWebSocketMiddleware.MaxHeadLength + 1)], out _, out _));
    }

    [Fact]
    public void A_head_split_across_buffer_segments_parses()
    {
        var bytes = Encoding.Latin1.GetBytes(Upgrade);
        var first = new Segment(bytes.AsMemory(0, 7));
        var last = first.Append(bytes.AsMemory(7, 50)).Append(bytes.AsMemory(57));

        Assert.Equal(PeekOutcome.Upgrade,
            UpgradeRequestHead.TryParse(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), 8192, out _, out _));
    }

    private static PeekOutcome Parse(string text, out UpgradeRequestHead? head, out int length) =>
        UpgradeRequestHead.TryParse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)),
            LeanWebSocketMiddleware.MaxHeadLength, out head, out length);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
