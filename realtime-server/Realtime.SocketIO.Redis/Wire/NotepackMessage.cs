using System.Buffers;
using System.Text.Json;
using MessagePack;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>
/// A message read from a backplane channel as one JSON tree. The Node adapter sends requests and responses as JSON
/// text (first byte <c>{</c>) and everything else as notepack MessagePack; both end up here as JSON, MessagePack
/// binaries as placeholders into <see cref="Attachments"/>.
/// </summary>
internal sealed record NotepackMessage(JsonElement Root, IReadOnlyList<ReadOnlyMemory<byte>> Attachments)
{
    private const byte OpeningBrace = (byte)'{';

    public static NotepackMessage Decode(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw new RedisWireFormatException("empty message");
        }

        if (payload.Span[0] == OpeningBrace)
        {
            try
            {
                var reader = new Utf8JsonReader(payload.Span, new JsonReaderOptions { MaxDepth = NotepackJson.MaxDepth });
                return new NotepackMessage(JsonElement.ParseValue(ref reader), []);
            }
            catch (JsonException e)
            {
                throw new RedisWireFormatException("malformed JSON message: " + e.Message, e);
            }
        }

        var msgpack = new MessagePackReader(new ReadOnlySequence<byte>(payload));
        var (json, attachments) = NotepackJson.ReadToJson(ref msgpack);
        if (!msgpack.End)
        {
            throw new RedisWireFormatException($"{msgpack.Sequence.Length - msgpack.Consumed} trailing bytes");
        }

        var jsonReader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = NotepackJson.MaxDepth + 1 });
        return new NotepackMessage(JsonElement.ParseValue(ref jsonReader), attachments);
    }
}
