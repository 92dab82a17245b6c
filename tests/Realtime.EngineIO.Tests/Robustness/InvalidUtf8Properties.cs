using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FsCheck.Xunit;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Robustness;

/// <summary>
/// Arbitrary bytes in a text packet (invalid UTF-8, encoded surrogates, truncated sequences, overlongs) reach the
/// handler as a string with U+FFFD for what does not decode, and the session goes on: the Engine.IO decoder never
/// throws on them and never hands the layer above a string it cannot re-encode.
/// </summary>
public sealed class InvalidUtf8Properties : IAsyncLifetime
{
    private EngineTestServer? _server;

    public async Task InitializeAsync() => _server = await EngineTestServer.StartAsync();

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Property(MaxTest = 200)]
    public void Text_packets_of_arbitrary_bytes_arrive_with_replacement_characters(byte[] bytes, byte surrogateSeed)
    {
        // Every fourth case carries a CESU-8 encoded lone surrogate (ED A0 80 .. ED BF BF), invalid in UTF-8.
        var body = bytes.Where(b => b != 0x1e).ToList();
        if (surrogateSeed % 4 == 0)
        {
            body.InsertRange(body.Count / 2, [0xED, (byte)(0xA0 | (surrogateSeed >> 2 & 0x1F)), 0x80]);
        }

        var expected = "4" + Encoding.UTF8.GetString([.. body]);
        Assert.Equal(expected, EchoAsync([(byte)'4', .. body]).GetAwaiter().GetResult());
    }

    private async Task<string> EchoAsync(byte[] packet)
    {
        var client = await PollingClient.ConnectAsync(_server!.Http);
        using var content = new ByteArrayContent(packet);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        using var post = await _server.Http.PostAsync(client.Path, content);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var echoed = await client.GetAsync();
        return echoed;
    }
}
