using System.Text.Json;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// Turns received JSON back into emit arguments: each placeholder that stands for an attachment, at any depth,
/// becomes its bytes, which the serializer sends as an attachment again; subtrees without one stay the received
/// <see cref="JsonElement"/> (nothing copied). What socket.io-parser's <c>reconstructPacket</c> does in Node.
/// </summary>
internal static class AttachmentRestorer
{
    public static object? Restore(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        attachments.Count == 0 || !HoldsAttachment(value, attachments.Count) ? value : Rebuild(value, attachments);

    private static object? Rebuild(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (IsAttachment(value, attachments.Count, out var num))
        {
            return attachments[num];
        }

        if (!HoldsAttachment(value, attachments.Count))
        {
            return value;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = new List<object?>(value.GetArrayLength());
            foreach (var item in value.EnumerateArray())
            {
                items.Add(Rebuild(item, attachments));
            }

            return items;
        }

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            // A repeated name keeps its last value, as JSON.parse does.
            properties[property.Name] = Rebuild(property.Value, attachments);
        }

        return properties;
    }

    /// <summary>Depth is bounded by the parser's JSON depth limit, so the recursion is too.</summary>
    private static bool HoldsAttachment(JsonElement value, int attachmentCount)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (HoldsAttachment(item, attachmentCount))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Object:
                if (IsAttachment(value, attachmentCount, out _))
                {
                    return true;
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (HoldsAttachment(property.Value, attachmentCount))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsAttachment(JsonElement value, int attachmentCount, out int num) =>
        Placeholder.TryGetIndex(value, out num) && num < attachmentCount;
}
