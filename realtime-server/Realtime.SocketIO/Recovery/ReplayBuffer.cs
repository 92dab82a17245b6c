using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Recovery;

/// <summary>
/// Holds a recovering socket's live deliveries while its missed packets are read, then sends them after the replay,
/// leaving out those the replay already sent; after that it goes on leaving them out until a newer one arrives: a
/// cluster adapter's live copy of a logged packet can arrive after the log was read. Bounded in bytes: past the
/// bound the recovery fails and the client reconnects as a new socket, rather than receiving an incomplete stream.
/// </summary>
internal sealed class ReplayBuffer(long maxBytes)
{
    private readonly object _gate = new();
    private readonly List<EncodedPacket> _held = [];
    private long _bytes;
    private bool _released;
    private bool _overflowed;
    private StreamOffset? _lastReplayed;

    /// <summary>True once the live packets have passed the replay: the socket can stop asking.</summary>
    public bool Done { get; private set; }

    /// <summary>Holds or drops the packet; false when the caller is to deliver it (after the release).</summary>
    public bool TryTake(EncodedPacket packet)
    {
        lock (_gate)
        {
            if (!_released)
            {
                Hold(packet);
                return true;
            }

            return AlreadyReplayed(packet);
        }
    }

    /// <summary>
    /// Sends what was held after <paramref name="lastReplayed"/>; the lock is kept while sending, so a delivery racing
    /// the release waits and goes out after them. False when the bound was exceeded.
    /// </summary>
    public bool Release(StreamOffset? lastReplayed, Action<EncodedPacket> deliver)
    {
        lock (_gate)
        {
            _released = true;
            _lastReplayed = lastReplayed;
            Done = lastReplayed is null;
            if (_overflowed)
            {
                Done = true;
                return false;
            }

            foreach (var packet in _held)
            {
                if (!AlreadyReplayed(packet))
                {
                    deliver(packet);
                }
            }

            _held.Clear();
            return true;
        }
    }

    private void Hold(EncodedPacket packet)
    {
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
    }

    /// <summary>Logged packets reach every server in the log's order, so the first newer one ends the filtering.</summary>
    private bool AlreadyReplayed(EncodedPacket packet)
    {
        if (Done || !StreamOffset.TryParse(packet.Offset, out var offset))
        {
            return false;
        }

        if (offset.CompareTo(_lastReplayed!.Value) <= 0)
        {
            return true;
        }

        Done = true;
        return false;
    }
}
