using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Recovery;

/// <summary>
/// Holds a recovering socket's live deliveries while its missed packets are read, then sends them after the replay,
/// leaving out those the replay already sent. Bounded in bytes: past the bound the recovery fails and the client
/// reconnects as a new socket, rather than receiving an incomplete stream.
/// </summary>
internal sealed class ReplayBuffer(long maxBytes)
{
    private readonly object _gate = new();
    private readonly List<EncodedPacket> _held = [];
    private long _bytes;
    private bool _released;
    private bool _overflowed;

    /// <summary>Holds the packet; false once released, when the caller delivers it itself.</summary>
    public bool TryHold(EncodedPacket packet)
    {
        lock (_gate)
        {
            if (_released)
            {
                return false;
            }

            _bytes += packet.Bytes;
            if (_bytes > maxBytes)
            {
                _overflowed = true;
                _held.Clear();
            }
            else if (!_overflowed)
            {
                _held.Add(packet);
            }

            return true;
        }
    }

    /// <summary>
    /// Sends what was held after <paramref name="lastReplayed"/> and stops holding; the lock is kept while sending,
    /// so a delivery racing the release waits and goes out after them. False when the bound was exceeded.
    /// </summary>
    public bool Release(StreamOffset? lastReplayed, Action<EncodedPacket> deliver)
    {
        lock (_gate)
        {
            _released = true;
            if (_overflowed)
            {
                return false;
            }

            foreach (var packet in _held)
            {
                if (lastReplayed is { } last && StreamOffset.TryParse(packet.Offset, out var offset) && offset.CompareTo(last) <= 0)
                {
                    continue;
                }

                deliver(packet);
            }

            _held.Clear();
            return true;
        }
    }
}
