using System.Text.Json;

namespace Realtime.SocketIO.Protocol;

/// <summary>The <c>{"_placeholder":true,"num":n}</c> object that stands for a binary attachment in packet data.</summary>
internal static class Placeholder
{
    public static void Write(Utf8JsonWriter writer, int num)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder", true);
        writer.WriteNumber("num", num);
        writer.WriteEndObject();
    }

    public static bool TryGetIndex(JsonElement element, out int num)
    {
        num = -1;
        return element.ValueKind == JsonValueKind.Object
               && element.TryGetProperty("_placeholder", out var flag)
               && flag.ValueKind == JsonValueKind.True
               && element.TryGetProperty("num", out var index)
               && index.ValueKind == JsonValueKind.Number
               && index.TryGetInt32(out num)
               && num >= 0;
    }

    /// <summary>True when the value is a placeholder object, valid or not (Node treats any such object as one).</summary>
    public static bool IsPlaceholder(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("_placeholder", out var flag)
        && flag.ValueKind == JsonValueKind.True;
}
