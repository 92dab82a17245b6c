using System.Buffers;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// Gathers one received message that arrives in pieces (a WebSocket message, a polling POST body over several
/// reads): in the shared array pool while small, past 64 KiB in a buffer of the server's
/// <see cref="LargeReceiveBufferPool"/>. Before that move the caller reserves the large buffer's bytes from the
/// server's <see cref="ServerByteBudget"/> (<see cref="GrowsLarge"/>), and waiting for that room is the backpressure:
/// the transport reads nothing more from that client meanwhile. Reserving the whole size at once means no reader
/// holds part of the budget while waiting for more of it, so readers cannot deadlock each other. A struct, so the
/// WebSocket read loop allocates nothing per message.
/// </summary>
internal struct ReceiveBuffer(EngineServer server)
{
    public const int InitialLength = 4096;
    private const int LargeThreshold = 64 * 1024;

    private readonly EngineServer _server = server;
    private readonly int _limit = server.Options.MaxHttpBufferSize;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialLength, server.Options.MaxHttpBufferSize + 1));
    private bool _large;

    public int Count { get; private set; }

    public readonly ReadOnlySpan<byte> Data => _buffer.AsSpan(0, Count);

    public readonly Memory<byte> Free => _buffer.AsMemory(Count);

    /// <summary>Whether <paramref name="total"/> bytes fit; the buffer never grows past <c>maxHttpBufferSize + 1</c>.</summary>
    public readonly bool Fits(long total) => _large || _buffer.Length >= Math.Min(total, _limit + 1L);

    /// <summary>The next <see cref="Grow"/> moves to a large buffer, whose bytes the caller has reserved first.</summary>
    public readonly bool GrowsLarge => _buffer.Length >= LargeThreshold;

    public void Grow()
    {
        byte[] larger;
        if (GrowsLarge)
        {
            larger = _server.LargeReceiveBuffers.Rent();
            _large = true;
        }
        else
        {
            larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_buffer.Length * 2L, Math.Min(LargeThreshold, _limit + 1L)));
        }

        _buffer.AsSpan(0, Count).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Waits for the budget a large buffer needs; a no-op while the next growth stays small.</summary>
    public readonly ValueTask ReserveForGrowthAsync(CancellationToken token) =>
        GrowsLarge ? _server.Budget.ReserveAsync(_server.LargeReceiveBuffers.BufferLength, token) : ValueTask.CompletedTask;

    public void Advance(int count) => Count += count;

    /// <summary>Gives the buffer back to its pool and a large buffer's bytes back to the budget.</summary>
    public readonly void Return()
    {
        if (!_large)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            return;
        }

        _server.LargeReceiveBuffers.Return(_buffer);
        _server.Budget.Release(_server.LargeReceiveBuffers.BufferLength);
    }
}
