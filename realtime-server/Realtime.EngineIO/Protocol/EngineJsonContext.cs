using System.Text.Json.Serialization;

namespace Realtime.EngineIO.Protocol;

internal sealed record ErrorBody(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message);

internal sealed record HandshakeBody(
    [property: JsonPropertyName("sid")] string Sid,
    [property: JsonPropertyName("upgrades")] string[] Upgrades,
    [property: JsonPropertyName("pingInterval")] long PingInterval,
    [property: JsonPropertyName("pingTimeout")] long PingTimeout,
    [property: JsonPropertyName("maxPayload")] long MaxPayload);

[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(HandshakeBody))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
