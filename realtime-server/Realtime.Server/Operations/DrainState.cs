namespace Realtime.Server.Operations;

/// <summary>Whether this process has begun its shutdown drain; readiness and handshakes follow it.</summary>
public sealed class DrainState
{
    private int _draining;

    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    /// <summary>Marks the drain begun; returns true only for the first caller.</summary>
    public bool Begin() => Interlocked.Exchange(ref _draining, 1) == 0;
}
