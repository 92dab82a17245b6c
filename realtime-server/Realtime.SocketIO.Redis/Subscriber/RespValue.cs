namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>One RESP2 reply: a simple string, an error, an integer, a bulk string (null when absent) or an array.</summary>
internal sealed record RespValue(RespKind Kind, string? Text = null, long Integer = 0, byte[]? Bulk = null,
    IReadOnlyList<RespValue>? Items = null)
{
    /// <summary>A bulk or simple string as text (UTF-8), or null.</summary>
    public string? AsString() => Kind switch
    {
        RespKind.Bulk => Bulk is null ? null : System.Text.Encoding.UTF8.GetString(Bulk),
        RespKind.Simple or RespKind.Error => Text,
        _ => null,
    };
}

internal enum RespKind
{
    Simple,
    Error,
    Integer,
    Bulk,
    Array,
}
