using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// Writes binary values (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>, <c>Memory&lt;byte&gt;</c>,
/// <c>ArraySegment&lt;byte&gt;</c>) wherever they appear in an argument as attachment placeholders, collecting the
/// bytes in depth-first order, as socket.io-parser's <c>deconstructPacket</c> does. Outside an
/// <see cref="ArgumentSerializer"/> call they fall back to base64 strings.
/// </summary>
internal sealed class BinaryPlaceholderConverter : JsonConverterFactory
{
    [ThreadStatic]
    private static List<ReadOnlyMemory<byte>>? _threadAttachments;

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert == typeof(byte[]) || typeToConvert == typeof(ReadOnlyMemory<byte>)
        || typeToConvert == typeof(Memory<byte>) || typeToConvert == typeof(ArraySegment<byte>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        if (typeToConvert == typeof(byte[]))
        {
            return new Converter<byte[]>(value => value, bytes => bytes);
        }

        if (typeToConvert == typeof(ReadOnlyMemory<byte>))
        {
            return new Converter<ReadOnlyMemory<byte>>(value => value, bytes => bytes);
        }

        if (typeToConvert == typeof(Memory<byte>))
        {
            return new Converter<Memory<byte>>(value => value, bytes => bytes);
        }

        return new Converter<ArraySegment<byte>>(value => value, bytes => bytes);
    }

    /// <summary>Collects attachments into <paramref name="attachments"/> for the duration of the returned scope.</summary>
    public static Scope Collect(List<ReadOnlyMemory<byte>> attachments)
    {
        var previous = _threadAttachments;
        _threadAttachments = attachments;
        return new Scope(previous);
    }

    internal readonly struct Scope(List<ReadOnlyMemory<byte>>? previous) : IDisposable
    {
        public void Dispose() => _threadAttachments = previous;
    }

    private sealed class Converter<T>(Func<T, ReadOnlyMemory<byte>> toBytes, Func<byte[], T> fromBytes)
        : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            fromBytes(reader.GetBytesFromBase64());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var bytes = toBytes(value);
            if (_threadAttachments is not { } attachments)
            {
                writer.WriteBase64StringValue(bytes.Span);
                return;
            }

            Placeholder.Write(writer, attachments.Count);
            attachments.Add(bytes);
        }
    }
}
