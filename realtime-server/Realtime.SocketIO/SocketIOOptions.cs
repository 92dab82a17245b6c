namespace Realtime.SocketIO;

/// <summary>
/// Settings of the Socket.IO protocol; those of the transport under it (path, heartbeat, buffer sizes, CORS, outbound
/// queue) are <see cref="Realtime.EngineIO.EngineIOOptions"/>.
/// </summary>
public sealed class SocketIOOptions
{
    /// <summary>A connection that joins no namespace within this time is closed (Node: 45 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Most binary attachments one packet may announce (socket.io-parser: 10).</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// How long a binary packet may take from its header to its last attachment before the connection is closed: the
    /// attachments held meanwhile are bounded by <see cref="Realtime.EngineIO.EngineIOOptions.MaxHttpBufferSize"/>, and this bounds for
    /// how long. 30 s lets a 1 MB packet through an uplink of about 300 kbit/s.
    /// </summary>
    public TimeSpan BinaryPacketTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an emit or broadcast waits for acknowledgements unless told otherwise.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connection state recovery; null (the default, as in Node) turns it off.</summary>
    public ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }
}
