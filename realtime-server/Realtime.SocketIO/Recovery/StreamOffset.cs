using System.Globalization;

namespace Realtime.SocketIO.Recovery;

/// <summary>
/// An offset as a Redis stream id, <c>milliseconds-sequence</c>: the in-memory log numbers its entries the same way,
/// so one comparison serves both. Offsets come from clients, so anything else is simply not an offset. Public for
/// adapters that keep their log elsewhere.
/// </summary>
public readonly record struct StreamOffset(ulong Milliseconds, ulong Sequence) : IComparable<StreamOffset>
{
    public static bool TryParse(string? text, out StreamOffset offset)
    {
        offset = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0 || text!.Length > 41
            || !ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        offset = new StreamOffset(ms, seq);
        return true;
    }

    public int CompareTo(StreamOffset other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
