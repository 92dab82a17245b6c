using Realtime.EngineIO.Transports;

namespace Realtime.EngineIO.Tests.Codec;

public class WebSocketFrameHeaderTests
{
    [Theory]
    [InlineData(false, 0, new byte[] { 0x81, 0 })]
    [InlineData(false, 125, new byte[] { 0x81, 125 })]
    [InlineData(true, 126, new byte[] { 0x82, 126, 0, 126 })]
    [InlineData(true, 65535, new byte[] { 0x82, 126, 0xff, 0xff })]
    [InlineData(false, 65536, new byte[] { 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0 })]
    public void Server_frames_are_final_unmasked_with_the_shortest_length_form(bool binary, int length, byte[] expected)
    {
        var header = new byte[10];

        var written = WebSocketTransport.WriteFrameHeader(header, binary, length);

        Assert.Equal(expected, header[..written]);
    }
}
