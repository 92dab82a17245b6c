using System.Text.Json;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Protocol;

/// <summary>Which payload each packet type may carry (socket.io-parser <c>isPayloadValid</c>, a little stricter).</summary>
internal static class PayloadRules
{
    public static void Check(SocketIOPacket packet)
    {
        var valid = packet.Type switch
        {
            PacketType.Connect => packet.Data is null || packet.Data.Value.ValueKind == JsonValueKind.Object,
            PacketType.Disconnect => packet.Data is null,
            PacketType.ConnectError => packet.Data?.ValueKind is JsonValueKind.String or JsonValueKind.Object,
            PacketType.Event or PacketType.BinaryEvent => IsEventPayload(packet.Data),
            PacketType.Ack or PacketType.BinaryAck => packet.Id is not null
                                                      && packet.Data?.ValueKind == JsonValueKind.Array,
            _ => false,
        };
        if (!valid)
        {
            throw new SocketIOProtocolException($"invalid payload for a {packet.Type} packet");
        }
    }

    private static bool IsEventPayload(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
        {
            return false;
        }

        var name = array[0];
        return name.ValueKind == JsonValueKind.Number
               || (name.ValueKind == JsonValueKind.String && !ReservedEventNames.Contains(name.GetString()!));
    }
}
