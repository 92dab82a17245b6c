using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Realtime.EngineIO.Transports;
using Realtime.EngineIO.Transports.Lean;

namespace Realtime.EngineIO.Tests.Lean;

/// <summary>
/// A <see cref="PipeWebSocket"/> on two in-memory pipes, with the client's end available either as raw bytes (to
/// send what no correct client would) or as .NET's own client WebSocket (an independent RFC 6455 implementation).
/// </summary>
internal sealed class PipeWebSocketHarness : IDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _fromServer = new(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));

    public PipeWebSocketHarness()
    {
        Server = new PipeWebSocket(_toServer.Reader, new SerializedUpgradeStream(_fromServer.Writer.AsStream()),
            () => Aborted = true);
    }

    public PipeWebSocket Server { get; }

    public bool Aborted { get; private set; }

    /// <summary>.NET's client WebSocket on the other end of the pipes.</summary>
    public WebSocket CreateClient() => WebSocket.CreateFromStream(
        new DuplexStream(_fromServer.Reader.AsStream(), _toServer.Writer.AsStream()),
        new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, int chunk = int.MaxValue)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await _toServer.Writer.WriteAsync(bytes.Slice(offset, Math.Min(chunk, bytes.Length - offset)));
        }
    }

    public void EndClientOutput() => _toServer.Writer.Complete();

    /// <summary>Reads the server's next frame (servers never mask).</summary>
    public async Task<(bool Fin, int Opcode, byte[] Payload)> ReadServerFrameAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reader = _fromServer.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(timeout.Token);
            if (TryParse(result.Buffer, out var frame, out var consumed))
            {
                reader.AdvanceTo(result.Buffer.GetPosition(consumed));
                return frame;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            Assert.False(result.IsCompleted, "the server's output ended without a whole frame");
        }
    }

    /// <summary>The status code of the close frame the server sends next, skipping other frames.</summary>
    public async Task<int> ReadServerCloseCodeAsync()
    {
        while (true)
        {
            var (_, opcode, payload) = await ReadServerFrameAsync();
            if (opcode == 0x8)
            {
                return payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
            }
        }
    }

    public void Dispose()
    {
        _toServer.Writer.Complete();
        _fromServer.Writer.Complete();
    }

    private static bool TryParse(ReadOnlySequence<byte> buffer, out (bool, int, byte[]) frame, out long consumed)
    {
        frame = default;
        consumed = 0;
        var bytes = buffer.Slice(0, Math.Min(buffer.Length, 10)).ToArray();
        if (bytes.Length < 2)
        {
            return false;
        }

        Assert.Equal(0, bytes[1] & 0x80);
        long length = bytes[1] & 0x7F;
        var header = 2;
        if (length == 126)
        {
            header = 4;
            if (bytes.Length < header)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2));
        }
        else if (length == 127)
        {
            header = 10;
            if (bytes.Length < header)
            {
                return false;
            }

            length = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(2));
        }

        if (buffer.Length < header + length)
        {
            return false;
        }

        frame = ((bytes[0] & 0x80) != 0, bytes[0] & 0xF, buffer.Slice(header, length).ToArray());
        consumed = header + length;
        return true;
    }

    private sealed class DuplexStream(Stream read, Stream write) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            read.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            write.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => write.FlushAsync(cancellationToken);

        public override void Flush() => write.Flush();

        public override int Read(byte[] buffer, int offset, int count) => read.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => write.Write(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>Client frames built by hand (RFC 6455 section 5.2), including the ones a correct client never sends.</summary>
internal static class ClientFrame
{
    public static byte[] Build(int opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, int reserved = 0,
        uint maskKey = 0x37FA213D, long? declaredLength = null)
    {
        var length = declaredLength ?? payload.Length;
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | (reserved << 4) | opcode) };
        var maskBit = masked ? 0x80 : 0;
        if (length is >= 0 and < 126)
        {
            frame.Add((byte)(maskBit | (int)length));
        }
        else if (length is >= 0 and <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(length >> 8));
            frame.Add((byte)length);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                frame.Add((byte)((ulong)length >> shift));
            }
        }

        var key = BitConverter.GetBytes(maskKey);
        if (masked)
        {
            frame.AddRange(key);
        }

        for (var i = 0; i < payload.Length; i++)
        {
            frame.Add(masked ? (byte)(payload[i] ^ key[i % 4]) : payload[i]);
        }

        return [.. frame];
    }

    public static byte[] Close(int code, ReadOnlySpan<byte> reason = default)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        reason.CopyTo(payload.AsSpan(2));
        return Build(0x8, payload);
    }
}
