using System.Text.Json;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// Writes an event's data array <c>[event, ...args]</c> (or an ack's <c>[...args]</c>) with System.Text.Json, web
/// naming (camelCase), binary values as attachment placeholders.
/// </summary>
internal static class ArgumentSerializer
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static void WriteArray(Utf8JsonWriter writer, string? eventName, ReadOnlySpan<object?> args,
        List<ReadOnlyMemory<byte>> attachments)
    {
        using var scope = BinaryPlaceholderConverter.Collect(attachments);
        writer.WriteStartArray();
        if (eventName is not null)
        {
            writer.WriteStringValue(eventName);
        }

        foreach (var arg in args)
        {
            if (arg is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, arg, arg.GetType(), Options);
            }
        }

        writer.WriteEndArray();
        writer.Flush();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = PacketEncoder.WriterOptions.Encoder,
        };
        options.Converters.Add(new BinaryPlaceholderConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
