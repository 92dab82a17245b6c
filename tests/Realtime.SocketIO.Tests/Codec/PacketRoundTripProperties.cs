using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Tests.Codec;

/// <summary>Property-based round trips of the codec, and its behaviour on arbitrary and truncated input.</summary>
public sealed class PacketRoundTripProperties
{
    private static readonly PacketType[] DataTypes =
        [PacketType.Event, PacketType.Ack, PacketType.BinaryEvent, PacketType.BinaryAck];

    [Property(MaxTest = 300)]
    public void EventsAndAcksSurviveEncodeThenDecode(byte typeSeed, NonNull<string> nspSeed, bool withId,
        NonNegativeInt idSeed, string[] words, int[] numbers, byte attachmentSeed)
    {
        var type = DataTypes[typeSeed % DataTypes.Length];
        var attachmentCount = type is PacketType.BinaryEvent or PacketType.BinaryAck ? attachmentSeed % 11 : 0;
        var packet = new SocketIOPacket
        {
            Type = type,
            Namespace = Namespace(nspSeed.Get),
            Id = withId || type is PacketType.Ack or PacketType.BinaryAck ? idSeed.Get : null,
            Data = Data(type is PacketType.Event or PacketType.BinaryEvent ? "ev" : null, words, numbers,
                attachmentCount),
            Attachments = [.. Enumerable.Range(0, attachmentCount).Select(i => new ReadOnlyMemory<byte>([(byte)i]))],
        };

        var decoded = Decode(packet);

        Assert.Equal(attachmentCount > 0 ? packet.Type : Plain(packet.Type), decoded.Type);
        Assert.Equal(packet.Namespace, decoded.Namespace);
        Assert.Equal(packet.Id, decoded.Id);
        Assert.True(JsonElement.DeepEquals(packet.Data!.Value, decoded.Data!.Value));
        Assert.Equal(packet.Attachments.Select(a => a.ToArray()), decoded.Attachments.Select(a => a.ToArray()));
    }

    [Property(MaxTest = 200)]
    public void ConnectWithAuthSurvivesEncodeThenDecode(NonNull<string> nspSeed, NonNull<string> token)
    {
        var auth = JsonSerializer.SerializeToElement(new { token = token.Get });
        var packet = new SocketIOPacket { Type = PacketType.Connect, Namespace = Namespace(nspSeed.Get), Data = auth };

        var decoded = Decode(packet);

        Assert.Equal(packet.Namespace, decoded.Namespace);
        Assert.Equal(token.Get, decoded.Data!.Value.GetProperty("token").GetString());
    }

    [Property(MaxTest = 1000)]
    public void ArbitraryTextIsAPacketOrAProtocolError(string text)
    {
        var decoder = new PacketDecoder(10, 1_000_000);
        try
        {
            decoder.Decode(text ?? "");
        }
        catch (SocketIOProtocolException)
        {
            // The connection would be closed; anything else escaping would be a bug.
        }
    }

    [Property(MaxTest = 300)]
    public void EveryTruncationOfAValidPacketIsAPacketOrAProtocolError(NonNull<string> word, PositiveInt cutSeed)
    {
        var text = PacketEncoder.EncodeText(new SocketIOPacket
        {
            Type = PacketType.Event,
            Namespace = "/chat",
            Id = 12,
            Data = JsonSerializer.SerializeToElement(new object[] { "message", new { text = word.Get, n = 1.5 } }),
        });
        var truncated = text[..(cutSeed.Get % text.Length)];
        try
        {
            new PacketDecoder(10, 1_000_000).Decode(truncated);
        }
        catch (SocketIOProtocolException)
        {
            // Expected for most cuts.
        }
    }

    private static SocketIOPacket Decode(SocketIOPacket packet)
    {
        var decoder = new PacketDecoder(10, 1_000_000);
        var decoded = decoder.Decode(PacketEncoder.EncodeText(packet));
        foreach (var attachment in packet.Attachments)
        {
            Assert.Null(decoded);
            decoded = decoder.Decode(attachment);
        }

        Assert.NotNull(decoded);
        return decoded;
    }

    private static PacketType Plain(PacketType type) =>
        type == PacketType.BinaryEvent ? PacketType.Event : type == PacketType.BinaryAck ? PacketType.Ack : type;

    /// <summary>Any text without the comma that ends a namespace; an empty one is the main namespace.</summary>
    private static string Namespace(string seed)
    {
        var name = seed.Replace(",", "", StringComparison.Ordinal);
        return "/" + name;
    }

    private static JsonElement Data(string? eventName, string[] words, int[] numbers, int attachmentCount)
    {
        var items = new List<object?>();
        if (eventName is not null)
        {
            items.Add(eventName);
        }

        items.AddRange((words ?? []).Select(w => (object?)w));
        items.AddRange((numbers ?? []).Select(n => (object?)n));
        items.AddRange(Enumerable.Range(0, attachmentCount).Select(i => (object?)new Dictionary<string, object>
        {
            ["_placeholder"] = true,
            ["num"] = i,
        }));
        return JsonSerializer.SerializeToElement(items);
    }
}
