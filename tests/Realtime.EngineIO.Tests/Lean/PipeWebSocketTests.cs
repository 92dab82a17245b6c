using System.Net.WebSockets;
using System.Text;
using Realtime.EngineIO.Transports.Lean;

namespace Realtime.EngineIO.Tests.Lean;

public class PipeWebSocketTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Random_messages_from_a_standard_client_arrive_whole_whatever_the_fragmentation_and_read_sizes()
    {
        var random = new Random(1702);
        using var harness = new PipeWebSocketHarness();
        using var client = harness.CreateClient();
        var messages = Enumerable.Range(0, 300).Select(_ => RandomMessage(random)).ToList();
        var sending = Task.Run(async () =>
        {
            var split = new Random(99);
            foreach (var (type, bytes) in messages)
            {
                // Fragments cut anywhere, inside a UTF-8 character too (section 5.4 allows it).
                var cuts = Enumerable.Range(0, split.Next(0, 4)).Select(_ => split.Next(0, bytes.Length + 1)).Order().ToList();
                var start = 0;
                foreach (var cut in cuts)
                {
                    await client.SendAsync(bytes.AsMemory(start, cut - start), type, false, CancellationToken.None);
                    start = cut;
                }

                await client.SendAsync(bytes.AsMemory(start), type, true, CancellationToken.None);
            }
        });

        var reads = new Random(7);
        foreach (var (type, bytes) in messages)
        {
            var (receivedType, received) = await ReceiveMessageAsync(harness.Server, () => reads.Next(1, 9000));
            Assert.Equal(type, receivedType);
            Assert.Equal(bytes, received);
        }

        await sending.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Messages_from_the_server_reach_a_standard_client()
    {
        var random = new Random(4242);
        using var harness = new PipeWebSocketHarness();
        using var client = harness.CreateClient();
        var messages = Enumerable.Range(0, 100).Select(_ => RandomMessage(random)).ToList();
        var sending = Task.Run(async () =>
        {
            foreach (var (type, bytes) in messages)
            {
                await harness.Server.SendAsync(bytes, type, true, CancellationToken.None);
            }
        });

        foreach (var (type, bytes) in messages)
        {
            var buffer = new byte[bytes.Length + 1];
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await client.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            Assert.Equal(type, result.MessageType);
            Assert.Equal(bytes, buffer[..count]);
        }

        await sending.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_ping_between_fragments_gets_its_pong_and_the_message_still_reassembles()
    {
        using var harness = new PipeWebSocketHarness();
        await harness.SendRawAsync(ClientFrame.Build(0x1, "hel"u8, fin: false));
        await harness.SendRawAsync(ClientFrame.Build(0x9, "are you there"u8));
        await harness.SendRawAsync(ClientFrame.Build(0xA, "unsolicited pong"u8));
        await harness.SendRawAsync(ClientFrame.Build(0x0, ""u8, fin: false));
        await harness.SendRawAsync(ClientFrame.Build(0x0, "lo"u8));

        var (type, message) = await ReceiveMessageAsync(harness.Server, () => 100);

        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("hello", Encoding.UTF8.GetString(message));
        var pong = await harness.ReadServerFrameAsync();
        Assert.Equal((true, 0xA), (pong.Fin, pong.Opcode));
        Assert.Equal("are you there", Encoding.UTF8.GetString(pong.Payload));
    }

    [Fact]
    public async Task A_peer_sending_one_byte_per_write_is_read_correctly()
    {
        using var harness = new PipeWebSocketHarness();
        var frames = ClientFrame.Build(0x2, new byte[300].Select((_, i) => (byte)i).ToArray(), fin: false)
            .Concat(ClientFrame.Build(0x9, "p"u8))
            .Concat(ClientFrame.Build(0x0, "end"u8))
            .ToArray();
        var sending = harness.SendRawAsync(frames, chunk: 1);

        var (type, message) = await ReceiveMessageAsync(harness.Server, () => 4096);

        await sending.WaitAsync(Timeout);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(303, message.Length);
        Assert.Equal(299 % 256, message[299]);
        Assert.Equal("end", Encoding.ASCII.GetString(message[300..]));
    }

    [Fact]
    public async Task A_close_the_client_starts_is_reported_and_answered()
    {
        using var harness = new PipeWebSocketHarness();
        using var client = harness.CreateClient();
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        var result = await harness.Server.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, harness.Server.CloseStatus);
        Assert.Equal("bye", harness.Server.CloseStatusDescription);
        Assert.Equal(WebSocketState.CloseReceived, harness.Server.State);

        await harness.Server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, harness.Server.State);
        var answer = await client.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, answer.MessageType);
        Assert.Equal(WebSocketState.Closed, client.State);
    }

    [Fact]
    public async Task An_empty_close_frame_as_the_last_bytes_is_reported_at_once()
    {
        using var harness = new PipeWebSocketHarness();
        await harness.SendRawAsync(ClientFrame.Build(0x8, ""u8));

        var result = await harness.Server.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.Empty, harness.Server.CloseStatus);
        Assert.Equal(WebSocketState.CloseReceived, harness.Server.State);
    }

    [Fact]
    public async Task An_empty_ping_as_the_last_bytes_gets_its_pong_at_once()
    {
        using var harness = new PipeWebSocketHarness();
        await harness.SendRawAsync(ClientFrame.Build(0x9, ""u8));
        var receiving = harness.Server.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None).AsTask();

        var pong = await harness.ReadServerFrameAsync().WaitAsync(Timeout);

        Assert.Equal((true, 0xA, 0), (pong.Fin, pong.Opcode, pong.Payload.Length));
        Assert.False(receiving.IsCompleted);
    }

    [Fact]
    public async Task A_close_the_server_starts_carries_its_code_and_reason_and_ends_with_the_clients_answer()
    {
        using var harness = new PipeWebSocketHarness();
        using var client = harness.CreateClient();
        await harness.Server.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "slow consumer", CancellationToken.None);
        Assert.Equal(WebSocketState.CloseSent, harness.Server.State);

        var received = await client.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
        Assert.Equal("slow consumer", client.CloseStatusDescription);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        var answer = await harness.Server.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, answer.MessageType);
        Assert.Equal(WebSocketState.Closed, harness.Server.State);
    }

    public static TheoryData<string, byte[], int> BadInput => new()
    {
        { "unmasked client frame", ClientFrame.Build(0x1, "42"u8, masked: false), 1002 },
        { "reserved bit without an extension", ClientFrame.Build(0x1, "4"u8, reserved: 4), 1002 },
        { "unknown data opcode", ClientFrame.Build(0x3, "4"u8), 1002 },
        { "unknown control opcode", ClientFrame.Build(0xB, ""u8), 1002 },
        { "fragmented ping", ClientFrame.Build(0x9, "p"u8, fin: false), 1002 },
        { "ping over 125 bytes", ClientFrame.Build(0x9, new byte[126]), 1002 },
        { "continuation without a message", ClientFrame.Build(0x0, "4"u8), 1002 },
        { "new message inside a fragmented one", [.. ClientFrame.Build(0x1, "4"u8, fin: false), .. ClientFrame.Build(0x2, "x"u8)], 1002 },
        { "64-bit length with its top bit set", ClientFrame.Build(0x2, ""u8, declaredLength: long.MinValue), 1002 },
        { "close with a one-byte payload", ClientFrame.Build(0x8, [3]), 1002 },
        { "close with a reserved code", ClientFrame.Close(1005), 1002 },
        { "close with an unassigned code", ClientFrame.Close(2999), 1002 },
        { "close reason that is not UTF-8", ClientFrame.Close(1000, [0xC3, 0x28]), 1007 },
        { "text that is not UTF-8", ClientFrame.Build(0x1, [(byte)'4', 0xFF]), 1007 },
        { "a lone surrogate in UTF-8", ClientFrame.Build(0x1, [(byte)'4', 0xED, 0xA0, 0x80]), 1007 },
        { "an overlong encoding", ClientFrame.Build(0x1, [0xC0, 0xAF]), 1007 },
        { "invalid UTF-8 across fragments", [.. ClientFrame.Build(0x1, [0xE2, 0x82], fin: false), .. ClientFrame.Build(0x0, [0x28])], 1007 },
        { "a character cut short by the message's end", [.. ClientFrame.Build(0x1, [0xF0, 0x9F], fin: false), .. ClientFrame.Build(0x0, [0x98])], 1007 },
        { "a character cut short by an empty last fragment", [.. ClientFrame.Build(0x1, [0xC3], fin: false), .. ClientFrame.Build(0x0, ""u8)], 1007 },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Input_that_breaks_RFC_6455_gets_a_close_frame_with_the_right_code(string what, byte[] bytes, int code)
    {
        using var harness = new PipeWebSocketHarness();
        await harness.SendRawAsync(bytes);

        var failure = await Assert.ThrowsAsync<WebSocketException>(async () =>
        {
            while (true)
            {
                await harness.Server.ReceiveAsync(new byte[64].AsMemory(), CancellationToken.None);
            }
        }).WaitAsync(Timeout);

        Assert.False(string.IsNullOrEmpty(failure.Message), what);
        Assert.Equal(code, await harness.ReadServerCloseCodeAsync());
        Assert.Equal(WebSocketState.Aborted, harness.Server.State);
    }

    [Fact]
    public async Task Random_bytes_never_crash_or_hang_and_only_ever_close_with_a_protocol_code()
    {
        var random = new Random(31337);
        for (var run = 0; run < 400; run++)
        {
            using var harness = new PipeWebSocketHarness();
            var bytes = new byte[random.Next(0, 160)];
            random.NextBytes(bytes);
            if (bytes.Length > 1 && random.Next(2) == 0)
            {
                // Half the runs look like a masked frame of a real opcode, so the parser gets past the first checks.
                bytes[0] = (byte)(0x80 | new[] { 0, 1, 2, 8, 9, 10 }[random.Next(6)] | (random.Next(4) == 0 ? 0x40 : 0));
                bytes[1] |= 0x80;
            }

            await harness.SendRawAsync(bytes, chunk: random.Next(1, 20));
            harness.EndClientOutput();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                for (var reads = 0; reads < 10_000; reads++)
                {
                    var result = await harness.Server.ReceiveAsync(new byte[random.Next(0, 40)].AsMemory(), timeout.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                }
            }
            catch (WebSocketException)
            {
                // Refused or ended early: both are fine, anything else is not.
            }

            Assert.False(timeout.IsCancellationRequested, $"run {run} hung on {Convert.ToHexString(bytes)}");
            if (harness.Server.State == WebSocketState.Aborted)
            {
                Assert.Contains(await harness.ReadServerCloseCodeAsync(), new[] { 1002, 1007 });
            }
        }
    }

    private static (WebSocketMessageType, byte[]) RandomMessage(Random random)
    {
        var length = random.Next(4) switch { 0 => 0, 1 => random.Next(1, 126), 2 => random.Next(126, 70_000), _ => random.Next(1, 2000) };
        if (random.Next(2) == 0)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return (WebSocketMessageType.Binary, bytes);
        }

        // Text from the whole range of scalar values: one- to four-byte characters in UTF-8.
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < length)
        {
            var scalar = random.Next(5) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0x80, 0x800),
                2 => random.Next(0x800, 0xD800),
                3 => random.Next(0xE000, 0x10000),
                _ => random.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(scalar));
        }

        return (WebSocketMessageType.Text, Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>As the transport reads: a zero-byte read for the next message, then reads of the sizes given.</summary>
    private static async Task<(WebSocketMessageType, byte[])> ReceiveMessageAsync(PipeWebSocket socket, Func<int> readSize)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var first = await socket.ReceiveAsync(Memory<byte>.Empty, timeout.Token);
        Assert.Equal(0, first.Count);
        var message = new List<byte>();
        var result = first;
        while (!result.EndOfMessage)
        {
            var buffer = new byte[readSize()];
            result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            Assert.Equal(first.MessageType, result.MessageType);
            message.AddRange(buffer.AsSpan(0, result.Count));
        }

        return (first.MessageType, [.. message]);
    }
}
