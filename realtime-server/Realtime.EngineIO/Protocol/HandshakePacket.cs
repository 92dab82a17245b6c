using System.Text.Json;

namespace Realtime.EngineIO.Protocol;

/// <summary>The open packet: <c>0{"sid":...,"upgrades":[...],"pingInterval":n,"pingTimeout":n,"maxPayload":n}</c>.</summary>
internal static class HandshakePacket
{
    public static EngineMessage Create(string sid, bool canUpgrade, EngineIOOptions options)
    {
        var body = new HandshakeBody(sid, canUpgrade ? [EngineTransportNames.WebSocket] : [],
            (long)options.PingInterval.TotalMilliseconds, (long)options.PingTimeout.TotalMilliseconds,
            options.MaxHttpBufferSize);
        var json = JsonSerializer.SerializeToUtf8Bytes(body, EngineJsonContext.Default.HandshakeBody);
        return EngineMessage.Control(EnginePacketType.Open, json);
    }
}
