namespace Realtime.EngineIO;

/// <summary>A message received from a client: text, or binary data that the receiver owns.</summary>
public readonly struct EngineInboundMessage
{
    private EngineInboundMessage(string? text, ReadOnlyMemory<byte> binary)
    {
        Text = text;
        Binary = binary;
    }

    /// <summary>Whether the message is binary (<see cref="Binary"/>) rather than text (<see cref="Text"/>).</summary>
    public bool IsBinary => Text is null;

    /// <summary>The text of a text message (without the Engine.IO <c>4</c> type prefix); null for binary.</summary>
    public string? Text { get; }

    /// <summary>The bytes of a binary message; a fresh array the handler may keep.</summary>
    public ReadOnlyMemory<byte> Binary { get; }

    public static EngineInboundMessage FromText(string text) => new(text, default);

    public static EngineInboundMessage FromBinary(ReadOnlyMemory<byte> binary) => new(null, binary);

    public override string ToString() => IsBinary ? $"<{Binary.Length} bytes>" : Text!;
}
