using System.Buffers;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// Buffers for received WebSocket messages larger than 64 KiB, one size (<c>maxHttpBufferSize</c> + 1) from a private
/// pool that keeps at most <see cref="Retained"/> of them. The shared <see cref="ArrayPool{T}"/> keeps arrays per core
/// and per thread in every size bucket, so after an attack of 1 MB frames it kept tens of megabytes referenced for
/// the life of the process; what this pool keeps is bounded in bytes.
/// </summary>
internal sealed class LargeReceiveBufferPool(int maxHttpBufferSize)
{
    private const int Retained = 8;

    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Create(maxHttpBufferSize + 1, Retained);

    public int BufferLength { get; } = maxHttpBufferSize + 1;

    public byte[] Rent() => _pool.Rent(BufferLength);

    public void Return(byte[] buffer) => _pool.Return(buffer);
}
