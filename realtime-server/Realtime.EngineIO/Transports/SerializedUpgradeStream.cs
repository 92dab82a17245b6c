using Microsoft.AspNetCore.Http.Features;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// The upgraded connection's stream with writes serialized, so the WebSocket writer loop can write a batch of
/// pre-framed messages in one write (one flush, one send) while the WebSocket object itself still writes its
/// control frames (close, pong) through the same stream without interleaving.
/// </summary>
internal sealed class SerializedUpgradeStream(Stream inner) : Stream
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile bool _frameTruncated;

    /// <summary>A sliced write was abandoned after its header: the stream ends inside a frame, nothing can follow.</summary>
    public bool IsFrameTruncated => _frameTruncated;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Writes one frame whose payload is larger than a batch in slices of <paramref name="slice"/> bytes, holding the
    /// write lock throughout so no control frame lands inside it. Each slice waits for the transport's backpressure,
    /// so a client that stops reading holds at most a slice or two in the transport's buffers, not the whole payload.
    /// </summary>
    public async ValueTask WriteSlicedAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload, int slice,
        CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _frameTruncated = true;
            await inner.WriteAsync(header, cancellationToken);
            for (var offset = 0; offset < payload.Length; offset += slice)
            {
                await inner.WriteAsync(payload.Slice(offset, Math.Min(slice, payload.Length - offset)), cancellationToken);
            }

            _frameTruncated = false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _writeLock.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Hands the WebSocket middleware a <see cref="SerializedUpgradeStream"/> and keeps it for the writer loop.</summary>
internal sealed class SerializedUpgradeFeature(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public SerializedUpgradeStream? Stream { get; private set; }

    public async Task<Stream> UpgradeAsync() => Stream = new SerializedUpgradeStream(await inner.UpgradeAsync());
}
